using System.Text.Json;
using Gateway.Problems;

namespace Gateway.Endpoints;

/// <summary>The test event to send: a payload, or the example of a type.</summary>
/// <param name="EventType">The type whose example is sent, when no payload is given.</param>
/// <param name="Payload">The event document to send (it must match the endpoint's event types).</param>
public sealed record TestEventRequest(string? EventType = null, JsonElement? Payload = null) : IJsonRequest<TestEventRequest>;
