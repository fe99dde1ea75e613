using Gateway.Delivery.Queue;

namespace Gateway.Delivery.Dispatch;

/// <summary>After one delivery: when this message is next due (0: settled for good), and the next message already leased, if any.</summary>
public sealed record ProcessOutcome(long DueMs, LeasedMessage? Next)
{
    public static readonly ProcessOutcome Done = new(0, null);
}
