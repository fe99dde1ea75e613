namespace Gateway.Webhooks.Verification;

/// <summary>How strict a <see cref="WebhookVerifier"/> is.</summary>
public sealed record WebhookVerifierOptions
{
    /// <summary>How far the timestamp may be from now, either way.</summary>
    /// <value>5 minutes, as the Standard Webhooks reference libraries.</value>
    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock the tolerance is measured against.</summary>
    /// <value><see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The largest body the ASP.NET Core filter buffers; a larger one is answered 413 unverified.</summary>
    /// <value>1 MiB.</value>
    public int MaxBodyBytes { get; init; } = 1 << 20;
}
