using System.Text.Json;

namespace Gateway.Schemas;

public sealed record CreateEventTypeRequest(string? Name, string? Description, JsonElement? Schema);
