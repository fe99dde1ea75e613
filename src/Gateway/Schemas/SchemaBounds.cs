using System.Text.Json;

namespace Gateway.Schemas;

/// <summary>
/// What a tenant's schema may cost. Every event of the type is validated against it and every catalog read returns
/// it, so an unbounded schema (20,000 properties took 1.37 s to register) is a cost every later request pays. Built-in
/// schemas are the gateway's own and are not bounded.
/// </summary>
public static class SchemaBounds
{
    /// <summary>Largest schema, as its JSON text. <value>64 KiB</value></summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Most JSON values (objects, arrays, strings, numbers…) in the whole schema document. <value>5,000</value></summary>
    public const int MaxNodes = 5_000;

    /// <summary>Deepest nesting of objects and arrays. <value>32</value></summary>
    public const int MaxDepth = 32;

    /// <summary>Most members of any one object (a <c>properties</c> map, a definition). <value>256</value></summary>
    public const int MaxPropertiesPerObject = 256;

    /// <summary>Most values of one <c>enum</c>. <value>256</value></summary>
    public const int MaxEnumValues = 256;

    /// <summary>Each bound the schema breaks, with its pointer (relative to the schema); empty when it is within them all.</summary>
    public static List<SchemaError> Check(JsonElement schema)
    {
        var errors = new List<SchemaError>();
        var bytes = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(schema).Length;
        if (bytes > MaxBytes)
        {
            errors.Add(new("", $"The schema is {bytes} bytes; a tenant's schema is at most {MaxBytes} bytes."));
            return errors;
        }

        var nodes = 0;
        Walk(schema, "", 1, ref nodes, errors);
        return errors;
    }

    private static void Walk(JsonElement element, string path, int depth, ref int nodes, List<SchemaError> errors)
    {
        if (errors.Count > 0)
        {
            return;
        }

        if (++nodes > MaxNodes)
        {
            errors.Add(new(path, $"The schema has more than {MaxNodes} JSON values; a tenant's schema has at most {MaxNodes}."));
            return;
        }

        if (depth > MaxDepth && element.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
        {
            errors.Add(new(path, $"The schema nests deeper than {MaxDepth} levels."));
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (++count > MaxPropertiesPerObject)
                    {
                        errors.Add(new(path, $"This object has more than {MaxPropertiesPerObject} members; split it (e.g. into definitions) or accept additional properties."));
                        return;
                    }

                    var child = path + "/" + JsonPointer.Escape(property.Name);
                    if (property.Name == "enum" && property.Value.ValueKind == JsonValueKind.Array && property.Value.GetArrayLength() > MaxEnumValues)
                    {
                        errors.Add(new(child, $"An enum has at most {MaxEnumValues} values; this one has {property.Value.GetArrayLength()}."));
                        return;
                    }

                    Walk(property.Value, child, depth + 1, ref nodes, errors);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}/{index++}", depth + 1, ref nodes, errors);
                }

                break;
        }
    }
}
