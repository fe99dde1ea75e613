namespace Gateway.Ingestion;

/// <summary>Whether a tenant may send its events now, and if not, how long until it may.</summary>
public readonly record struct RateDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateDecision Allow { get; } = new(true, TimeSpan.Zero);

    /// <summary>The <c>Retry-After</c> header value: whole seconds, at least 1.</summary>
    public string RetryAfterSeconds =>
        ((long)Math.Max(1, Math.Ceiling(RetryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
