namespace Gateway.Console;

/// <summary>A link exchanged for a session: the session and the secret cookie value that names it.</summary>
public sealed record OpenedLink(ConsoleSession Session, string CookieValue);
