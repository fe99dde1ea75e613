namespace Gateway.Console;

/// <summary>A tenant's live console sessions, and the links issued but not yet opened.</summary>
public sealed record ConsoleSessionList(IReadOnlyList<ConsoleSessionView> Data, IReadOnlyList<ConsoleLink> Links);
