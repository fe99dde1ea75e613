namespace Gateway.Console;

/// <summary>A new single-use console link. The token rides in the URL's fragment, which browsers never send to a server.</summary>
/// <param name="Id">The link's id, as listed under <c>links</c> until it is opened.</param>
public sealed record ConsoleLinkView(string Id, string Url, DateTimeOffset ExpiresAt);
