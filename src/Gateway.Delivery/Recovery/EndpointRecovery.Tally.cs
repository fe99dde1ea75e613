namespace Gateway.Delivery.Recovery;

/// <summary>A recovery's counts as its batches run.</summary>
public sealed partial class EndpointRecovery
{
    private sealed class Tally
    {
        public long Found { get; set; }

        public long Queued { get; set; }

        public long NotRecoverable { get; private set; }

        public List<string> Listed { get; private init; } = [];

        public void Lost(string messageId)
        {
            NotRecoverable++;
            if (Listed.Count < MaxListed)
            {
                Listed.Add(messageId);
            }
        }

        public Tally Copy() => new() { Found = Found, Queued = Queued, NotRecoverable = NotRecoverable, Listed = [.. Listed] };
    }
}
