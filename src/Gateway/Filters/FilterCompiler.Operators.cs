using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Security;

namespace Gateway.Filters;

/// <summary>The operators and the checks on their operands.</summary>
internal sealed partial class FilterCompiler
{
    private const string OperatorList = "eq, ne, in, nin, gt, gte, lt, lte, exists, regex, like, nlike";

    /// <summary>Compiles one operator; when <paramref name="source"/> is null (a bad path) the operand is still checked.</summary>
    private FilterNode? CompileOperator(ValueSource? source, string path, string op, JsonElement operand, string pointer)
    {
        _nodes++;
        (ValuePredicate Predicate, bool Negated)? compiled = op switch
        {
            "eq" or "ne" => Scalar(operand, pointer, op) ? (new EqualsPredicate(operand), op == "ne") : null,
            "in" or "nin" => ScalarList(operand, pointer, op) ? (new InPredicate(operand.EnumerateArray()), op == "nin") : null,
            "gt" => Compare(CompareOperator.GreaterThan, operand, pointer, op),
            "gte" => Compare(CompareOperator.GreaterThanOrEqual, operand, pointer, op),
            "lt" => Compare(CompareOperator.LessThan, operand, pointer, op),
            "lte" => Compare(CompareOperator.LessThanOrEqual, operand, pointer, op),
            "exists" => Exists(operand, pointer),
            "regex" => Pattern(operand, pointer),
            "like" or "nlike" => Like(operand, pointer, op),
            _ => Unknown(op, pointer),
        };

        return source is null || compiled is not { } c
            ? null
            : new ConditionNode(source, c.Predicate, c.Negated, FilterText.Condition(source.Text, op, operand));
    }

    private (ValuePredicate, bool)? Unknown(string op, string pointer)
    {
        Error(pointer, $"Unknown operator \"{op}\"; the operators are {OperatorList}. Nested paths are written dotted, e.g. \"order.status\".");
        return null;
    }

    private bool Scalar(JsonElement operand, string pointer, string op)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.String or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null:
                return true;
            case JsonValueKind.Number:
                return Number(operand, pointer, out _);
            default:
                Error(pointer, $"\"{op}\" takes a string, number, boolean or null.");
                return false;
        }
    }

    private bool ScalarList(JsonElement operand, string pointer, string op)
    {
        if (!List(operand, pointer, op, "strings, numbers, booleans or nulls"))
        {
            return false;
        }

        var valid = true;
        var index = 0;
        foreach (var item in operand.EnumerateArray())
        {
            valid &= Scalar(item, Pointer(pointer, Index(index++)), op);
        }

        return valid;
    }

    private (ValuePredicate, bool)? Compare(CompareOperator kind, JsonElement operand, string pointer, string op)
    {
        switch (operand.ValueKind)
        {
            case JsonValueKind.Number:
                return Number(operand, pointer, out var number) ? (new ComparePredicate(kind, number), false) : null;
            case JsonValueKind.String:
                return (new ComparePredicate(kind, operand.GetString()!), false);
            default:
                Error(pointer, $"\"{op}\" takes a number, or a string to compare ordinally (such as an ISO 8601 timestamp).");
                return null;
        }
    }

    private (ValuePredicate, bool)? Exists(JsonElement operand, string pointer)
    {
        if (operand.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return (ExistsPredicate.Instance, operand.ValueKind == JsonValueKind.False);
        }

        Error(pointer, "\"exists\" takes true or false.");
        return null;
    }

    private (ValuePredicate, bool)? Pattern(JsonElement operand, string pointer)
    {
        if (operand.ValueKind != JsonValueKind.String)
        {
            Error(pointer, "\"regex\" takes a regular expression as a string.");
            return null;
        }

        var pattern = operand.GetString()!;
        if (pattern.Length > MaxPatternLength)
        {
            Error(pointer, $"The regular expression is longer than {MaxPatternLength} characters.");
            return null;
        }

        if (!TenantRegex.TryCreate(pattern, RegexOptions.CultureInvariant, out var regex, out var error))
        {
            Error(pointer, error);
            return null;
        }

        return (new RegexPredicate(regex), false);
    }

    private (ValuePredicate, bool)? Like(JsonElement operand, string pointer, string op)
    {
        if (operand.ValueKind == JsonValueKind.String)
        {
            return (new LikePredicate([new GlobPattern(operand.GetString()!)]), op == "nlike");
        }

        if (!List(operand, pointer, op, "patterns"))
        {
            return null;
        }

        var patterns = new List<GlobPattern>();
        var index = 0;
        foreach (var item in operand.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                patterns.Add(new GlobPattern(item.GetString()!));
            }
            else
            {
                Error(Pointer(pointer, Index(index)), $"\"{op}\" patterns are strings, e.g. \"*@spam.com\".");
            }

            index++;
        }

        return patterns.Count == index ? (new LikePredicate([.. patterns]), op == "nlike") : null;
    }

    private bool List(JsonElement operand, string pointer, string op, string what)
    {
        if (operand.ValueKind != JsonValueKind.Array || operand.GetArrayLength() == 0)
        {
            Error(pointer, $"\"{op}\" takes a non-empty array of {what}.");
            return false;
        }

        if (operand.GetArrayLength() > MaxListLength)
        {
            Error(pointer, $"\"{op}\" takes at most {MaxListLength} values.");
            return false;
        }

        return true;
    }

    private bool Number(JsonElement operand, string pointer, out decimal value)
    {
        if (operand.TryGetDecimal(out value))
        {
            return true;
        }

        Error(pointer, "The number is outside the supported range (±7.9e28).");
        return false;
    }

    private static string Index(int index) => index.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
