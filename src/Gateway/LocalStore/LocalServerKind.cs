namespace Gateway.LocalStore;

/// <summary>Which local Redis-compatible server to start.</summary>
public enum LocalServerKind
{
    /// <summary><c>redis-server</c> when it is on PATH, else Garnet.</summary>
    Auto,
    Redis,
    Garnet,
}
