namespace Gateway.Delivery.Storage;

/// <summary>
/// Cache invalidation across gateway processes: writers publish <c>kind:id</c> on one channel and every
/// process drops what it cached for it. A reconnect (when messages may have been missed) clears everything.
/// </summary>
public sealed class ChangeFeed
{
    private readonly RedisStore _store;
    private readonly List<Action<string, string>> _handlers = [];
    private readonly List<Action> _resetHandlers = [];
    private int _subscribed;

    public ChangeFeed(RedisStore store) => _store = store;

    public void OnChange(Action<string, string> handler)
    {
        lock (_handlers)
        {
            _handlers.Add(handler);
        }

        EnsureSubscribed();
    }

    public void OnReset(Action handler)
    {
        lock (_handlers)
        {
            _resetHandlers.Add(handler);
        }
    }

    /// <summary>Tells every process (this one at once) that <paramref name="kind"/> <paramref name="id"/> changed.</summary>
    public async Task PublishAsync(string kind, string id)
    {
        Dispatch(kind, id);
        await _store.Subscriber.PublishAsync(_store.Keys.ChangesChannel, kind + ":" + id).ConfigureAwait(false);
    }

    private void EnsureSubscribed()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 1)
        {
            return;
        }

        _store.Subscriber.Subscribe(_store.Keys.ChangesChannel, (_, message) =>
        {
            var text = (string?)message ?? "";
            var colon = text.IndexOf(':');
            if (colon > 0)
            {
                Dispatch(text[..colon], text[(colon + 1)..]);
            }
        });
        _store.Connection.ConnectionRestored += (_, _) => Reset();
    }

    private void Dispatch(string kind, string id)
    {
        Action<string, string>[] handlers;
        lock (_handlers)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            handler(kind, id);
        }
    }

    private void Reset()
    {
        Action[] handlers;
        lock (_handlers)
        {
            handlers = [.. _resetHandlers];
        }

        foreach (var handler in handlers)
        {
            handler();
        }
    }
}
