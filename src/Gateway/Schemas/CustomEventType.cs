using System.Text.Json;

namespace Gateway.Schemas;

/// <summary>A tenant's own event type as stored in Redis.</summary>
public sealed record CustomEventType(string Name, string? Description, JsonElement Schema, DateTimeOffset CreatedAt);
