namespace Gateway.Console;

/// <param name="Revoked">How many console sessions ended.</param>
public sealed record RevokedView(int Revoked);
