using System.Text.Json;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>An event type and its JSON schema, parsed once and reused for every event validated against it.</summary>
public sealed class EventTypeSchema
{
    private static readonly JsonSchemaValidatorSettings ValidatorSettings = CreateValidatorSettings();

    private static readonly JsonLoadSettings LoadSettings = new() { LineInfoHandling = LineInfoHandling.Ignore };

    private readonly JsonSchema _schema;
    private readonly JsonSchemaValidator _validator;
    private readonly SchemaFastPath? _fastPath;
    private byte[]? _builtInEntry;
    private byte[]? _customEntry;

    private EventTypeSchema(string name, string schemaJson, JsonElement schemaElement, JsonSchema schema, JsonSchemaValidator validator, SchemaFastPath? fastPath)
    {
        _fastPath = fastPath;
        Name = name;
        SchemaJson = schemaJson;
        SchemaElement = schemaElement;
        _schema = schema;
        _validator = validator;
        Description = schemaElement.TryGetProperty("description", out var description) && description.ValueKind == JsonValueKind.String
            ? description.GetString()
            : null;
    }

    /// <summary>The event type, <c>{subject}.{type}</c>, e.g. <c>order.completed</c>.</summary>
    public string Name { get; }

    public string? Description { get; }

    /// <summary>The schema document exactly as it was given.</summary>
    public string SchemaJson { get; }

    public JsonElement SchemaElement { get; }

    /// <summary>This type as one entry of <c>GET /v1/event-types</c> (name, description, builtIn, schema), serialised once.</summary>
    public ReadOnlyMemory<byte> ListingEntry(bool builtIn)
    {
        ref var cached = ref builtIn ? ref _builtInEntry : ref _customEntry;
        if (cached is null)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("name", Name);
                if (Description is not null)
                {
                    writer.WriteString("description", Description);
                }

                writer.WriteBoolean("builtIn", builtIn);
                writer.WritePropertyName("schema");
                SchemaElement.WriteTo(writer);
                writer.WriteEndObject();
            }

            cached = buffer.WrittenSpan.ToArray();
        }

        return cached;
    }

    /// <summary>Every way <paramref name="json"/> fails the schema; empty when it is valid.</summary>
    public IReadOnlyList<SchemaError> Validate(string json)
    {
        JToken document;
        try
        {
            using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
            document = JToken.ReadFrom(reader, LoadSettings);
            if (reader.Read())
            {
                return [new SchemaError("", "The document is not valid JSON: unexpected content after the end of the value.")];
            }
        }
        catch (JsonReaderException ex)
        {
            return [new SchemaError("", $"The document is not valid JSON: {ex.Message}")];
        }

        try
        {
            return ValidationErrorTranslator.Translate(_validator.Validate(document, _schema, SchemaType.JsonSchema));
        }
        catch (InvalidCastException) when (FirstBigInteger(document) is { } number)
        {
            // NJsonSchema reads every number it checks as a decimal, and Newtonsoft keeps an integer beyond 64 bits as a
            // BigInteger, which does not convert: the client's number is the problem, so say so with its pointer.
            return [new SchemaError(JsonPointer.Of(number), "is an integer too large to check against the schema (at most 64 bits)")];
        }
    }

    private static JToken? FirstBigInteger(JToken document) =>
        document is JContainer container
            ? container.Descendants().FirstOrDefault(t => t is JValue { Value: System.Numerics.BigInteger })
            : document is JValue { Value: System.Numerics.BigInteger } ? document : null;

    /// <summary>
    /// Every way <paramref name="document"/> fails the schema; empty when it is valid. A valid event of a schema the
    /// <see cref="SchemaFastPath"/> models is checked on this parse alone; any other goes to NJsonSchema.
    /// </summary>
    public IReadOnlyList<SchemaError> Validate(JsonElement document) =>
        FastPathAccepts(document) ? [] : Validate(document.GetRawText());

    /// <summary>Whether valid events of this type are checked without a second parse (see <see cref="SchemaFastPath"/>).</summary>
    public bool HasFastPath => _fastPath is not null;

    /// <summary>What the fast path alone answers (tests compare it with NJsonSchema's answer).</summary>
    internal bool FastPathAccepts(JsonElement document) => _fastPath?.IsCertainlyValid(document) == true;

    /// <summary>Parses and checks a draft-07 schema.</summary>
    /// <exception cref="SchemaDefinitionException">The text is not a JSON schema this gateway can enforce.</exception>
    public static async Task<EventTypeSchema> FromJsonAsync(string name, string schemaJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(schemaJson);

        JsonElement element;
        try
        {
            using var parsed = JsonDocument.Parse(schemaJson);
            element = parsed.RootElement.Clone();
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new SchemaDefinitionException($"The schema of '{name}' is not valid JSON: {ex.Message}", innerException: ex);
        }

        if (Problems.JsonText.FindInvalidString(element) is { } invalid)
        {
            throw new SchemaDefinitionException($"The schema of '{name}' holds a string that is not valid Unicode.", [new SchemaError(invalid, Problems.JsonText.InvalidUnicodeMessage)]);
        }

        var problems = SchemaDefinitionChecker.Check(element);
        if (problems.Count > 0)
        {
            var summary = string.Join("; ", problems.Take(5).Select(p => $"{(p.Path.Length == 0 ? "(root)" : p.Path)}: {p.Message}"));
            throw new SchemaDefinitionException($"The schema of '{name}' is not a valid JSON schema: {summary}", problems);
        }

        JsonSchema schema;
        try
        {
            schema = await JsonSchema.FromJsonAsync(schemaJson);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            throw new SchemaDefinitionException($"The schema of '{name}' cannot be loaded: {ex.Message}", innerException: ex);
        }

        ConstKeyword.ApplyAsEnum(schema);
        var rules = PatternKeywords.TakeOver(schema);
        var validator = new LinearTimeSchemaValidator(ValidatorSettings, rules);
        var fastPath = SchemaFastPath.TryCompile(schema, rules, ValidatorSettings.FormatValidators);
        return new EventTypeSchema(name, schemaJson, element, schema, validator, fastPath);
    }

    private static JsonSchemaValidatorSettings CreateValidatorSettings()
    {
        // Replace, not add: NJsonSchema accepts a value when any validator of its format does.
        var settings = new JsonSchemaValidatorSettings();
        settings.FormatValidators = settings.FormatValidators.Where(v => v.Format != "date-time").Append(new Rfc3339DateTimeValidator()).ToArray();
        return settings;
    }
}
