using System.Text.Json;

namespace Gateway.Ingestion;

// The ingest bodies as the API documents them. They are never bound: an event is read as JSON and checked against its
// type's JSON Schema by EventIngestor (binding a record would cost the hot path and refuse the fields a schema adds).

/// <summary>An event document: the envelope below plus what the JSON Schema of <c>{subject}.{type}</c> asks for.</summary>
public sealed record EventDocument(string Subject, string Type, string ObjectId, DateTimeOffset EventDate, JsonElement Order);

public sealed record BatchRequest(IReadOnlyList<EventDocument> Events);
