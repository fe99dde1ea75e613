using System.Text.Json;

namespace Gateway.Filters;

/// <summary><c>exists</c>: the path holds a value other than JSON null (an empty array holds no value).</summary>
internal sealed class ExistsPredicate : ValuePredicate
{
    public static readonly ExistsPredicate Instance = new();

    private ExistsPredicate()
    {
    }

    public override bool Test(JsonElement value) => value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    public override bool TestString(ReadOnlySpan<char> value) => true;

    public override bool TestNumber(decimal value) => true;
}
