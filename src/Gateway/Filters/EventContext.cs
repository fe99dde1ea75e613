using System.Text.Json;

namespace Gateway.Filters;

/// <summary>One evaluation of a filter against one event: the body, and the computed order total once it is needed.</summary>
internal struct EventContext(JsonElement root)
{
    private bool _totalComputed;
    private bool _hasTotal;
    private decimal _total;

    public readonly JsonElement Root { get; } = root;

    /// <summary>The <c>$orderTotal</c> of the event, computed on first use; false when the event has neither a total nor items.</summary>
    public bool TryGetOrderTotal(out decimal total)
    {
        if (!_totalComputed)
        {
            _hasTotal = OrderTotal.TryCompute(Root, out _total);
            _totalComputed = true;
        }

        total = _total;
        return _hasTotal;
    }
}
