namespace Gateway.Delivery.Logs;

/// <summary>The width of one activity bucket. Buckets start on whole UTC hours or UTC midnights.</summary>
public enum Granularity
{
    Hour,
    Day,
}
