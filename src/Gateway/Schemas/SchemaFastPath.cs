using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using NJsonSchema;
using NJsonSchema.Validation.FormatValidators;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>
/// Answers "is this event valid?" on the <see cref="JsonElement"/> the ingestion already parsed, so a valid event is
/// parsed once: NJsonSchema needs a Newtonsoft <c>JToken</c>, a second parse and a second tree per event.
/// <para>
/// It is compiled from the same NJsonSchema model that <see cref="LinearTimeSchemaValidator"/> walks (after
/// <see cref="ConstKeyword"/> and <see cref="PatternKeywords"/>), keyword for keyword as that validator reads it, and it
/// is only ever trusted to say <em>valid</em>: when it says no, or meets anything it does not model exactly, the event goes
/// to NJsonSchema, which decides and words the errors. A schema that uses a keyword outside the subset below has no
/// fast path at all (<see cref="TryCompile"/> returns null).
/// </para>
/// Modelled: <c>type</c> (one or several), <c>properties</c>, <c>required</c>, <c>additionalProperties</c> (boolean or
/// schema), <c>items</c> (one schema), <c>enum</c>/<c>const</c> of strings, <c>minLength</c>, <c>maxLength</c>,
/// <c>pattern</c>, <c>format</c> (with the validators NJsonSchema is given), <c>minimum</c>, <c>maximum</c> and their
/// exclusive forms, <c>$ref</c>.
/// </summary>
internal sealed class SchemaFastPath
{
    private readonly Node _root;

    private SchemaFastPath(Node root) => _root = root;

    /// <summary>The fast path of <paramref name="root"/>, or null when the schema uses a keyword it does not model.</summary>
    public static SchemaFastPath? TryCompile(JsonSchema root, IReadOnlyDictionary<JsonSchema, PatternRules> rules, IEnumerable<IFormatValidator> formatValidators)
    {
        var formats = formatValidators.GroupBy(v => v.Format).ToDictionary(g => g.Key, g => g.ToArray());
        var compiler = new Compiler(rules, formats);
        return compiler.Compile(root.ActualSchema) is { } node && compiler.Supported ? new SchemaFastPath(node) : null;
    }

    /// <summary>True only when NJsonSchema would find no error in <paramref name="document"/>; false means "ask NJsonSchema".</summary>
    public bool IsCertainlyValid(JsonElement document) => IsValid(document, _root);

    private static bool IsValid(JsonElement value, Node node)
    {
        var kind = value.ValueKind;
        if (kind == JsonValueKind.Null)
        {
            // NJsonSchema skips every check of a null its schema allows; anything subtler is left to it.
            return node.NullAllowed;
        }

        // Newtonsoft reads a number with a fraction or an exponent as a float, which is not an "integer".
        var integer = kind == JsonValueKind.Number && JsonMarshal.GetRawUtf8Value(value).IndexOfAny(".eE"u8) < 0;
        if (node.Types != JsonObjectType.None && !HasType(kind, integer, node.Types))
        {
            return false;
        }

        var text = kind == JsonValueKind.String && (node.HasStringChecks || node.Enum is not null) ? value.GetString()! : null;
        if (text is not null && node.HasStringChecks && !IsValidString(text, node))
        {
            return false;
        }

        // An integer beyond 64 bits is one NJsonSchema cannot read (EventTypeSchema reports it): leave it to that path.
        if (kind == JsonValueKind.Number && ((integer && !value.TryGetInt64(out _)) || (node.HasNumberChecks && !IsValidNumber(value, integer, node))))
        {
            return false;
        }

        if (node.Enum is not null && (text is null || !node.Enum.Contains(text)))
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.Object => IsValidObject(value, node),
            // NJsonSchema reports a missing required property even when the value is not an object at all.
            _ when node.HasRequired => false,
            JsonValueKind.Array => node.Item is null || IsValidArray(value, node.Item),
            _ => true,
        };
    }

    private static bool HasType(JsonValueKind kind, bool integer, JsonObjectType types) => kind switch
    {
        JsonValueKind.String => types.HasFlag(JsonObjectType.String),
        JsonValueKind.True or JsonValueKind.False => types.HasFlag(JsonObjectType.Boolean),
        JsonValueKind.Object => types.HasFlag(JsonObjectType.Object),
        JsonValueKind.Array => types.HasFlag(JsonObjectType.Array),
        JsonValueKind.Number => types.HasFlag(JsonObjectType.Number) || (types.HasFlag(JsonObjectType.Integer) && integer),
        _ => false,
    };

    private static bool IsValidString(string text, Node node)
    {
        if (node.Pattern is { } pattern && !pattern.IsMatch(text))
        {
            return false;
        }

        if (text.Length < node.MinLength || text.Length > node.MaxLength)
        {
            return false;
        }

        if (node.Formats is { } validators)
        {
            foreach (var validator in validators)
            {
                if (validator.IsValid(text, JTokenType.String))
                {
                    return true;
                }
            }

            return false;
        }

        return true;
    }

    /// <param name="exact">Whether the number is an integer literal, which both readings hold exactly.</param>
    private static bool IsValidNumber(JsonElement value, bool exact, Node node)
    {
        // NJsonSchema compares decimals converted from Newtonsoft's double: near a bound, or out of decimal's range, the
        // two readings could differ, so those cases go to it.
        if (!value.TryGetDecimal(out var number))
        {
            return false;
        }

        return Within(number, node.Minimum, node.MinimumExclusive, below: true, exact)
            && Within(number, node.Maximum, node.MaximumExclusive, below: false, exact)
            && Within(number, node.ExclusiveMinimum, exclusive: true, below: true, exact)
            && Within(number, node.ExclusiveMaximum, exclusive: true, below: false, exact);
    }

    private static bool Within(decimal number, decimal? bound, bool exclusive, bool below, bool exact)
    {
        if (bound is not { } limit)
        {
            return true;
        }

        if (!exact && Math.Abs(number - limit) <= (Math.Abs(limit) * 1e-12m) + 1e-12m)
        {
            return false;
        }

        return below
            ? (exclusive ? number > limit : number >= limit)
            : (exclusive ? number < limit : number <= limit);
    }

    private static bool IsValidObject(JsonElement value, Node node)
    {
        // Required names are ticked off as the object is read once, so a schema with many of them and an event with
        // many properties cost their sum, not their product (JsonElement.TryGetProperty scans the object).
        var required = node.Required.Length;
        Span<bool> seen = required <= 128 ? stackalloc bool[required] : new bool[required];
        var found = 0;
        foreach (var property in value.EnumerateObject())
        {
            var name = property.Name;
            if (node.RequiredIndex is not null && node.RequiredIndex.TryGetValue(name, out var index) && !seen[index])
            {
                seen[index] = true;
                found++;
            }

            if (node.Properties is not null && node.Properties.TryGetValue(name, out var declared))
            {
                if (!(property.Value.ValueKind == JsonValueKind.Null && declared.NullAllowed) && !IsValid(property.Value, declared.Schema))
                {
                    return false;
                }
            }
            else if (node.AdditionalSchema is { } additional)
            {
                if (!IsValid(property.Value, additional))
                {
                    return false;
                }
            }
            else if (!node.AllowAdditional)
            {
                return false;
            }
        }

        return found == required;
    }

    private static bool IsValidArray(JsonElement value, Node item)
    {
        foreach (var element in value.EnumerateArray())
        {
            if (!IsValid(element, item))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class Node
    {
        public JsonObjectType Types;
        public bool NullAllowed;
        public Regex? Pattern;
        public int MinLength;
        public int MaxLength = int.MaxValue;
        public IFormatValidator[]? Formats;
        public decimal? Minimum;
        public bool MinimumExclusive;
        public decimal? Maximum;
        public bool MaximumExclusive;
        public decimal? ExclusiveMinimum;
        public decimal? ExclusiveMaximum;
        public HashSet<string>? Enum;
        public Dictionary<string, Declared>? Properties;
        public string[] Required = [];
        public Dictionary<string, int>? RequiredIndex;
        public bool AllowAdditional = true;
        public Node? AdditionalSchema;
        public Node? Item;

        public bool HasStringChecks => Pattern is not null || MinLength > 0 || MaxLength < int.MaxValue || Formats is not null;

        public bool HasNumberChecks => Minimum is not null || Maximum is not null || ExclusiveMinimum is not null || ExclusiveMaximum is not null;

        public bool HasRequired => Required.Length > 0;
    }

    private sealed record Declared(Node Schema, bool NullAllowed);

    private sealed class Compiler(IReadOnlyDictionary<JsonSchema, PatternRules> rules, Dictionary<string, IFormatValidator[]> formats)
    {
        private const JsonObjectType Modelled = JsonObjectType.Array | JsonObjectType.Boolean | JsonObjectType.Integer
            | JsonObjectType.Null | JsonObjectType.Number | JsonObjectType.Object | JsonObjectType.String;

        private readonly Dictionary<JsonSchema, Node> _nodes = new(ReferenceEqualityComparer.Instance);

        public bool Supported { get; private set; } = true;

        public Node Compile(JsonSchema schema)
        {
            if (_nodes.TryGetValue(schema, out var existing))
            {
                return existing; // a $ref cycle, or a definition used twice
            }

            var node = new Node();
            _nodes[schema] = node;
            if (schema.AllOf.Count > 0 || schema.AnyOf.Count > 0 || schema.OneOf.Count > 0 || schema.Not is not null
                || schema.MultipleOf is not null || schema.MinItems > 0 || schema.MaxItems > 0 || schema.UniqueItems || schema.Items.Count > 0
                || schema.MinProperties > 0 || schema.MaxProperties > 0 || schema.PatternProperties.Count > 0 || !string.IsNullOrEmpty(schema.Pattern)
                || (schema.Type & ~Modelled) != 0)
            {
                Supported = false;
                return node;
            }

            node.Types = schema.Type;
            node.NullAllowed = schema.Type.HasFlag(JsonObjectType.Null) && schema.IsNullable(SchemaType.JsonSchema);
            if (rules.TryGetValue(schema, out var rule))
            {
                if (rule.PatternProperties.Count > 0)
                {
                    Supported = false;
                    return node;
                }

                node.Pattern = rule.Pattern;
            }

            node.MinLength = schema.MinLength ?? 0;
            node.MaxLength = schema.MaxLength ?? int.MaxValue;
            if (!string.IsNullOrEmpty(schema.Format) && formats.TryGetValue(schema.Format, out var validators))
            {
                node.Formats = validators;
            }

            node.Minimum = schema.Minimum;
            node.MinimumExclusive = schema.IsExclusiveMinimum;
            node.Maximum = schema.Maximum;
            node.MaximumExclusive = schema.IsExclusiveMaximum;
            node.ExclusiveMinimum = schema.ExclusiveMinimum;
            node.ExclusiveMaximum = schema.ExclusiveMaximum;
            if (schema.Enumeration.Count > 0)
            {
                if (!schema.Enumeration.All(v => v is string))
                {
                    Supported = false;
                    return node;
                }

                node.Enum = new HashSet<string>(schema.Enumeration.Cast<string>(), StringComparer.Ordinal);
            }

            if (schema.Properties.Count > 0)
            {
                node.Properties = new Dictionary<string, Declared>(StringComparer.Ordinal);
                foreach (var (name, property) in schema.Properties)
                {
                    node.Properties[name] = new Declared(Compile(property.ActualSchema), property.IsNullable(SchemaType.JsonSchema));
                }
            }

            var required = schema.Properties.Where(p => p.Value.IsRequired).Select(p => p.Key)
                .Concat(schema.RequiredProperties.Where(name => !schema.Properties.ContainsKey(name)))
                .Distinct(StringComparer.Ordinal).ToArray();
            node.Required = required;
            node.RequiredIndex = required.Length == 0 ? null : required.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
            node.AllowAdditional = schema.AllowAdditionalProperties;
            if (schema.AdditionalPropertiesSchema is { } additional)
            {
                node.AdditionalSchema = Compile(additional.ActualSchema);
            }

            if (schema.Item is { } item)
            {
                node.Item = Compile(item.ActualSchema);
            }

            return node;
        }
    }
}
