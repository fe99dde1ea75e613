using System.Text.Json.Nodes;
using Gateway.Schemas;

namespace Gateway.Tests.Schemas;

/// <summary>The built-in catalog and one valid sample document per event type (<c>samples/&lt;eventType&gt;.json</c>).</summary>
internal static class SchemaSamples
{
    public static readonly string[] EventTypes =
    [
        "order.created", "order.paymentFailed", "order.paymentRefused", "order.completed", "order.partiallyCompleted",
        "order.fulfillmentFailed", "order.canceled", "order.aborted", "order.renewCompleted", "order.prebillingStarted",
        "order.statusChanged", "endpoint.disabled", "endpoint.enabled", "endpoint.failing", "endpoint.recovered", "message.attempt.exhausted",
    ];

    private static readonly Lazy<SchemaCatalog> LazyCatalog = new(() => new SchemaCatalog(SchemaCatalog.DefaultDirectory));

    public static SchemaCatalog Catalog => LazyCatalog.Value;

    public static TheoryData<string> All => new(EventTypes);

    public static EventTypeSchema Schema(string eventType) =>
        Catalog.TryGet(eventType, out var schema) ? schema : throw new InvalidOperationException($"No schema for {eventType}.");

    public static string Text(string eventType) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "samples", eventType + ".json"));

    public static JsonObject Document(string eventType) => JsonNode.Parse(Text(eventType))!.AsObject();

    public static JsonObject Order(this JsonObject document) => document["order"]!.AsObject();
}
