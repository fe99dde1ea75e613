using System.Text.Json;

namespace Gateway.Schemas;

/// <summary>An event type with the JSON Schema its events are validated against.</summary>
/// <param name="BuiltIn">Part of the gateway's catalog (true) or registered by the tenant.</param>
public sealed record EventTypeView(string Name, string? Description, bool BuiltIn, JsonElement Schema);
