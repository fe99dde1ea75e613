namespace Gateway.Delivery.Ordering;

/// <summary>What an ordered group does when its head is dead-lettered.</summary>
public enum ExhaustedAction
{
    /// <summary>The group moves on; its next delivery names the skipped message in <c>webhook-skipped-ids</c>.</summary>
    Skip,

    /// <summary>The group stops until its dead letter is replayed (to the group's tail) or deleted.</summary>
    Pause,
}
