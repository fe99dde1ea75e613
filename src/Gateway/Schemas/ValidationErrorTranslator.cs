using System.Globalization;
using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>Flattens NJsonSchema's error tree into pointer-addressed errors with readable messages.</summary>
internal static class ValidationErrorTranslator
{
    public static IReadOnlyList<SchemaError> Translate(ICollection<ValidationError> errors)
    {
        if (errors.Count == 0)
        {
            return [];
        }

        var result = new List<SchemaError>(errors.Count);
        var seen = new HashSet<SchemaError>();
        foreach (var error in errors)
        {
            Add(error, result, seen);
        }

        return result;
    }

    private static void Add(ValidationError error, List<SchemaError> result, HashSet<SchemaError> seen)
    {
        switch (error)
        {
            case MultiTypeValidationError multi:
                AddMultiType(multi, result, seen);
                break;
            case ChildSchemaValidationError { Kind: ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf } alternatives:
                AddAlternatives(alternatives, result, seen);
                break;
            case ChildSchemaValidationError container when container.Errors.Values.Any(e => e.Count > 0):
                // Array items, additional properties and allOf only wrap the errors that matter.
                foreach (var child in container.Errors.Values.SelectMany(e => e))
                {
                    Add(child, result, seen);
                }

                break;
            default:
                Emit(error, null, result, seen);
                break;
        }
    }

    /// <summary>anyOf/oneOf: say that no alternative fits, then how the closest one fails.</summary>
    private static void AddAlternatives(ChildSchemaValidationError error, List<SchemaError> result, HashSet<SchemaError> seen)
    {
        var branches = error.Errors.Values.ToList();
        var keyword = error.Kind == ValidationErrorKind.NotOneOf ? "oneOf" : "anyOf";
        if (error.Kind == ValidationErrorKind.NotOneOf && branches.Count(b => b.Count == 0) > 1)
        {
            Emit(error, "Matches more than one of the schemas allowed by oneOf.", result, seen);
            return;
        }

        Emit(error, $"Does not match any of the {branches.Count} schemas allowed by {keyword}.", result, seen);
        // Closest: an alternative whose type the value has (its errors are deeper), then the fewest errors.
        var closest = branches
            .Where(b => b.Count > 0)
            .OrderBy(b => b.Any(e => IsTypeMismatch(e.Kind) && e.Path == error.Path))
            .ThenBy(b => b.Count)
            .FirstOrDefault();
        foreach (var child in closest ?? [])
        {
            Add(child, result, seen);
        }
    }

    /// <summary><c>"type": ["string", "null"]</c>: one "expected string or null" unless a type matched and failed later.</summary>
    private static void AddMultiType(MultiTypeValidationError error, List<SchemaError> result, HashSet<SchemaError> seen)
    {
        // NJsonSchema checks every keyword once per listed type; only the branches of the value's own type matter.
        var deeper = error.Errors.Values.Where(b => !b.Any(e => IsTypeMismatch(e.Kind) && e.Path == error.Path)).SelectMany(b => b).ToList();
        if (deeper.Count > 0)
        {
            foreach (var child in deeper)
            {
                Add(child, result, seen);
            }

            return;
        }

        var path = JsonPointer.Of(error, out var token);
        var expected = string.Join(" or ", error.Errors.Keys.OrderBy(k => k == JsonObjectType.Null).Select(TypeName));
        Record(new SchemaError(path, $"Expected {expected}, got {Describe(token)}."), result, seen);
    }

    private static void Emit(ValidationError error, string? message, List<SchemaError> result, HashSet<SchemaError> seen)
    {
        var path = JsonPointer.Of(error, out var token);
        Record(new SchemaError(path, message ?? Describe(error, token)), result, seen);
    }

    private static void Record(SchemaError error, List<SchemaError> result, HashSet<SchemaError> seen)
    {
        if (seen.Add(error))
        {
            result.Add(error);
        }
    }

    private static string Describe(ValidationError error, JToken? token)
    {
        var schema = error.Schema?.ActualSchema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => $"Required property '{error.Property}' is missing.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"Property '{error.Property}' is not allowed here.",
            ValidationErrorKind.StringExpected => $"Expected a string, got {Describe(token)}.",
            ValidationErrorKind.NumberExpected => $"Expected a number, got {Describe(token)}.",
            ValidationErrorKind.IntegerExpected => $"Expected an integer, got {Describe(token)}.",
            ValidationErrorKind.BooleanExpected => $"Expected true or false, got {Describe(token)}.",
            ValidationErrorKind.ObjectExpected => $"Expected an object, got {Describe(token)}.",
            ValidationErrorKind.ArrayExpected => $"Expected an array, got {Describe(token)}.",
            ValidationErrorKind.NullExpected => $"Expected null, got {Describe(token)}.",
            ValidationErrorKind.DateTimeExpected => "Expected an RFC 3339 date-time with an offset, e.g. 2024-05-01T12:30:00Z.",
            ValidationErrorKind.DateExpected => "Expected a date, e.g. 2024-05-01.",
            ValidationErrorKind.TimeExpected => "Expected a time, e.g. 12:30:00.",
            ValidationErrorKind.EmailExpected => "Expected an e-mail address.",
            ValidationErrorKind.UriExpected => "Expected an absolute URI.",
            ValidationErrorKind.HostnameExpected => "Expected a host name.",
            ValidationErrorKind.IpV4Expected => "Expected an IPv4 address.",
            ValidationErrorKind.IpV6Expected => "Expected an IPv6 address.",
            ValidationErrorKind.GuidExpected or ValidationErrorKind.UuidExpected => "Expected a UUID.",
            ValidationErrorKind.Base64Expected => "Expected base64 text.",
            ValidationErrorKind.PatternMismatch => $"Does not match the pattern {(error as PatternMismatchError)?.Pattern ?? schema?.Pattern}.",
            ValidationErrorKind.StringTooShort => $"Must be at least {schema?.MinLength} characters long.",
            ValidationErrorKind.StringTooLong => $"Must be at most {schema?.MaxLength} characters long.",
            ValidationErrorKind.NumberTooSmall => schema?.ExclusiveMinimum is { } exclusiveMin ? $"Must be greater than {Number(exclusiveMin)}." : $"Must be at least {Number(schema?.Minimum)}.",
            ValidationErrorKind.NumberTooBig => schema?.ExclusiveMaximum is { } exclusiveMax ? $"Must be less than {Number(exclusiveMax)}." : $"Must be at most {Number(schema?.Maximum)}.",
            ValidationErrorKind.NumberNotMultipleOf or ValidationErrorKind.IntegerNotMultipleOf => $"Must be a multiple of {Number(schema?.MultipleOf)}.",
            ValidationErrorKind.NotInEnumeration => Enumeration(schema),
            ValidationErrorKind.TooFewItems => $"Must have at least {schema?.MinItems} items.",
            ValidationErrorKind.TooManyItems => $"Must have at most {schema?.MaxItems} items.",
            ValidationErrorKind.ItemsNotUnique => "Items must be unique.",
            ValidationErrorKind.TooManyItemsInTuple => "Has more items than the schema lists.",
            ValidationErrorKind.TooFewProperties => $"Must have at least {schema?.MinProperties} properties.",
            ValidationErrorKind.TooManyProperties => $"Must have at most {schema?.MaxProperties} properties.",
            ValidationErrorKind.ExcludedSchemaValidates => "Matches a schema that is excluded by not.",
            _ => $"Does not match the schema ({error.Kind}).",
        };
    }

    private static string Enumeration(JsonSchema? schema)
    {
        var values = schema?.Enumeration.Select(v => JsonConvert.SerializeObject(v)).ToList() ?? [];
        return values.Count == 1 ? $"Must be {values[0]}." : $"Must be one of {string.Join(", ", values)}.";
    }

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static bool IsTypeMismatch(ValidationErrorKind kind) => kind is ValidationErrorKind.StringExpected
        or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected or ValidationErrorKind.BooleanExpected
        or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected or ValidationErrorKind.NullExpected;

    private static string TypeName(JsonObjectType type) => type.ToString().ToLowerInvariant();

    private static string Describe(JToken? token) => token?.Type switch
    {
        JTokenType.Object => "an object",
        JTokenType.Array => "an array",
        JTokenType.Integer => "an integer",
        JTokenType.Float => "a number",
        JTokenType.String => "a string",
        JTokenType.Boolean => "a boolean",
        JTokenType.Null => "null",
        _ => "nothing",
    };
}
