namespace Gateway.Delivery.Ordering;

/// <summary>
/// An endpoint's opt-in to ordered delivery: messages that share the value of <see cref="Key"/> (a group) are delivered
/// one at a time, in the order they were accepted (see docs/ordering.md).
/// </summary>
public sealed record OrderingSettings
{
    /// <summary>The name of a top-level field of the event, or a JSON pointer (RFC 6901) into it.</summary>
    /// <value><c>objectId</c>: the order id of every order event.</value>
    public string Key { get; init; } = DefaultKey;

    /// <summary>What happens to a group when its head uses up its retries.</summary>
    /// <value><see cref="ExhaustedAction.Skip"/>.</value>
    public ExhaustedAction OnExhausted { get; init; } = ExhaustedAction.Skip;

    public const string DefaultKey = "objectId";
}
