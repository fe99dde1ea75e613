namespace Gateway.Delivery.DeadLetters;

/// <summary>What replaying one dead letter did.</summary>
public enum ReplayOutcome
{
    /// <summary>Queued again with a fresh attempt budget and the same <c>webhook-id</c>.</summary>
    Queued,

    /// <summary>It was no longer a dead letter (replayed or deleted meanwhile).</summary>
    NotDeadLetter,

    /// <summary>Its body has left Redis and the dead letter holds no copy: it stays a dead letter.</summary>
    NoBody,
}
