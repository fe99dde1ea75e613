using Gateway.Client.Http;

namespace Gateway.Client.Events;

/// <summary>Send events, one or a batch, and read one back with its delivery state.</summary>
public sealed class EventsClient
{
    private readonly GatewayHttp _http;

    internal EventsClient(GatewayHttp http) => _http = http;

    /// <summary>
    /// Sends one event document (<c>subject</c>, <c>type</c>, <c>objectId</c>, <c>eventDate</c>, …) as subscribers will receive it.
    /// Without <paramref name="idempotencyKey"/> the client makes one (unless turned off), so a retry never sends it twice.
    /// </summary>
    [GatewayRoute("POST", "/v1/events")]
    public async Task<EventAccepted> SendAsync(object document, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var response = await _http.SendCoreAsync(HttpMethod.Post, "/v1/events", document, KeyFor(idempotencyKey), cancellationToken);
        var accepted = await GatewayHttp.ReadAsync<EventAccepted>(response, cancellationToken);
        return accepted with { Replayed = response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Contains("true") };
    }

    /// <summary>Sends up to 1,000 events; each has its own result. The batch key becomes <c>{key}:{index}</c> per event.</summary>
    [GatewayRoute("POST", "/v1/events/batch")]
    public Task<BatchResult> SendBatchAsync(IEnumerable<object> documents, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        return _http.SendAsync<BatchResult>(HttpMethod.Post, "/v1/events/batch", new { events = documents.ToList() }, cancellationToken, KeyFor(idempotencyKey));
    }

    /// <summary>An event and its state at every endpoint.</summary>
    [GatewayRoute("GET", "/v1/events/{eventId}")]
    public Task<EventView> GetAsync(string eventId, CancellationToken cancellationToken = default) =>
        _http.GetAsync<EventView>($"/v1/events/{Query.Segment(eventId)}", cancellationToken);

    private string? KeyFor(string? idempotencyKey) =>
        idempotencyKey ?? (_http.Options.AddIdempotencyKeys ? "gwc_" + Guid.NewGuid().ToString("N") : null);
}
