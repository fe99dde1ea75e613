using System.Text.Json;
using Gateway.Schemas;

namespace Gateway.Tests.Schemas;

public sealed class SchemaCatalogTests
{
    [Fact]
    public void BuiltIn_HoldsTheTenOrderTypesStatusChangedAndTheOperationalTypes()
    {
        var names = SchemaSamples.Catalog.BuiltIn.Select(s => s.Name).Order(StringComparer.Ordinal);

        Assert.Equal(SchemaSamples.EventTypes.Order(StringComparer.Ordinal), names);
    }

    [Theory]
    [MemberData(nameof(SchemaSamples.All), MemberType = typeof(SchemaSamples))]
    public void SchemaFile_IsDraft07_WithTitleAndDescription(string eventType)
    {
        var schema = SchemaSamples.Schema(eventType);

        Assert.Equal(eventType, schema.Name);
        Assert.Equal("http://json-schema.org/draft-07/schema#", schema.SchemaElement.GetProperty("$schema").GetString());
        Assert.Equal(eventType, schema.SchemaElement.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(schema.Description));
        Assert.True(schema.SchemaElement.TryGetProperty("definitions", out _));
        Assert.False(schema.SchemaElement.TryGetProperty("$defs", out _));
        using var reparsed = JsonDocument.Parse(schema.SchemaJson);
        Assert.Equal(JsonValueKind.Object, reparsed.RootElement.ValueKind);
    }

    [Theory]
    [MemberData(nameof(SchemaSamples.All), MemberType = typeof(SchemaSamples))]
    public void SampleDocument_OfEachType_IsValid(string eventType)
    {
        var document = SchemaSamples.Document(eventType);

        Assert.Equal(eventType, $"{document["subject"]}.{document["type"]}");
        Assert.Empty(SchemaSamples.Schema(eventType).Validate(SchemaSamples.Text(eventType)));
    }

    [Fact]
    public void TryGet_UnknownType_ReturnsFalse()
    {
        Assert.False(SchemaSamples.Catalog.TryGet("order.shipped", out _));
        Assert.False(SchemaSamples.Catalog.TryGet("ORDER.COMPLETED", out _));
    }

    [Fact]
    public void Constructor_DirectoryWithAnInvalidSchema_Throws()
    {
        var directory = Directory.CreateTempSubdirectory("schemas-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "order.broken.json"), """{"type": "strin"}""");

            var error = Assert.Throws<SchemaDefinitionException>(() => new SchemaCatalog(directory.FullName));
            Assert.Contains("order.broken", error.Message);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
