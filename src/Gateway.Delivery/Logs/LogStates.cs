namespace Gateway.Delivery.Logs;

/// <summary>The states of the log listing, after the seed's logs: pending, sent, failed and filtered (the seed's "blocked": events an endpoint's rules rejected).</summary>
[Flags]
public enum LogStates
{
    None = 0,
    Pending = 1,
    Sent = 2,
    Failed = 4,
    Filtered = 8,
    All = Pending | Sent | Failed | Filtered,
}
