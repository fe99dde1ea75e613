using System.Text.Json.Nodes;
using Gateway.Tests.Schemas;
using LoadDriver;

namespace Gateway.Tests.LoadTests;

public sealed class EventDocumentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 9, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Seed_IsTheSeedSampleWithTheRunsIdsAndDate()
    {
        var expected = SchemaSamples.Document("order.completed");
        expected["objectId"] = "m-42";
        expected["eventDate"] = "2026-11-29T09:00:00.123Z";
        expected["order"]!["id"] = "m-42";

        var seed = JsonNode.Parse(EventDocuments.Seed("m-42", Now));

        Assert.True(JsonNode.DeepEquals(expected, seed));
    }

    [Fact]
    public void Seed_PassesTheOrderCompletedSchema() =>
        Assert.Empty(SchemaSamples.Schema("order.completed").Validate(EventDocuments.SeedJson("m-42", EventDocuments.Timestamp(Now))));

    [Fact]
    public void Seed_IsAboutOneKilobyte() =>
        Assert.InRange(EventDocuments.Seed("m-100000", Now).Length, 1000, 1200);
}
