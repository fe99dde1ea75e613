using System.Text.Json;

namespace Gateway.Endpoints;

/// <summary>The body of <c>POST /v1/endpoints/preview</c> as the API documents it; <see cref="DraftPreviewInput"/> reads it field by field.</summary>
/// <param name="EventType">The type whose example is rendered; required unless a payload is given.</param>
/// <param name="Payload">An event document to render instead of the example.</param>
/// <param name="MaxOrderItems">The item cap the endpoint would have ("limit products visible").</param>
public sealed record EmailPreviewRequest(EndpointEmail Email, string? EventType = null, JsonElement? Payload = null, int? MaxOrderItems = null);

/// <summary>The body of <c>POST /v1/endpoints/{id}/preview</c> as the API documents it; <see cref="EndpointPreviewInput"/> reads it field by field.</summary>
/// <param name="EventType">The type whose example is rendered; default: the first known type the endpoint takes.</param>
/// <param name="Email">Draft settings to render instead of the stored ones (an edit not yet saved).</param>
public sealed record EndpointPreviewRequest(string? EventType = null, JsonElement? Payload = null, EndpointEmail? Email = null);
