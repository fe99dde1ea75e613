namespace Gateway.Console;

/// <summary>A new single-use link: its id, the token to put in the URL (shown once) and when it stops working.</summary>
public sealed record IssuedLink(string Id, string Token, DateTimeOffset ExpiresAt);
