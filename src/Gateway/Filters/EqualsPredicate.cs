using System.Text.Json;

namespace Gateway.Filters;

/// <summary><c>eq</c> (and, negated, <c>ne</c>): same JSON type and same value; strings ordinal, numbers numerically (<c>1.0</c> equals <c>1</c>).</summary>
internal sealed class EqualsPredicate : ValuePredicate
{
    private readonly JsonValueKind _kind;
    private readonly string? _text;
    private readonly byte[]? _utf8;
    private readonly decimal _number;

    /// <summary>The operand must be a scalar the compiler has checked (string, number within range, boolean or null).</summary>
    public EqualsPredicate(JsonElement operand)
    {
        _kind = operand.ValueKind;
        _text = _kind == JsonValueKind.String ? operand.GetString() : null;
        _utf8 = _text is null ? null : System.Text.Encoding.UTF8.GetBytes(_text);
        JsonValues.TryGetNumber(operand, out _number);
    }

    /// <summary>Compares a JSON string's UTF-8 bytes directly, skipping the decoding the other operators need.</summary>
    public override bool Test(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? _utf8 is not null && value.ValueEquals(_utf8) : base.Test(value);

    public override bool TestString(ReadOnlySpan<char> value) => _text is not null && value.SequenceEqual(_text);

    public override bool TestNumber(decimal value) => _kind == JsonValueKind.Number && value == _number;

    public override bool TestBoolean(bool value) => _kind == (value ? JsonValueKind.True : JsonValueKind.False);

    public override bool TestNull() => _kind == JsonValueKind.Null;
}
