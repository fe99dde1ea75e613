using System.Text.Json;

namespace Gateway.Filters;

/// <summary>An operator with its operand, tested against one value. Values of a kind the operator does not handle never satisfy it.</summary>
internal abstract class ValuePredicate
{
    public virtual bool Test(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => TestJsonString(value),
        JsonValueKind.Number => JsonValues.TryGetNumber(value, out var number) && TestNumber(number),
        JsonValueKind.True => TestBoolean(true),
        JsonValueKind.False => TestBoolean(false),
        JsonValueKind.Null => TestNull(),
        _ => false,
    };

    public virtual bool TestString(ReadOnlySpan<char> value) => false;

    public virtual bool TestNumber(decimal value) => false;

    public virtual bool TestBoolean(bool value) => false;

    public virtual bool TestNull() => false;

    private bool TestJsonString(JsonElement value)
    {
        Span<char> buffer = stackalloc char[JsonValues.StackChars];
        return TestString(JsonValues.GetChars(value, buffer));
    }
}
