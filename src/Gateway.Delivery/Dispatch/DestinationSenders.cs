using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Dispatch;

/// <summary>The sender of each <see cref="DestinationKind"/> this process knows.</summary>
public sealed class DestinationSenders
{
    private readonly IDestinationSender?[] _byKind = new IDestinationSender?[Enum.GetValues<DestinationKind>().Length];

    public DestinationSenders(IEnumerable<IDestinationSender> senders)
    {
        foreach (var sender in senders)
        {
            _byKind[(int)sender.Kind] = sender;
        }
    }

    /// <summary>The sender for <paramref name="kind"/>.</summary>
    /// <exception cref="InvalidOperationException">No sender is registered for it.</exception>
    public IDestinationSender For(DestinationKind kind) =>
        (uint)kind < (uint)_byKind.Length && _byKind[(int)kind] is { } sender
            ? sender
            : throw new InvalidOperationException($"No sender is registered for destination kind {kind}.");
}
