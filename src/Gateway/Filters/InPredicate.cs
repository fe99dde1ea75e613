using System.Text.Json;

namespace Gateway.Filters;

/// <summary><c>in</c> (and, negated, <c>nin</c>): equal, in the sense of <c>eq</c>, to one of a list of scalars. Lookups are hashed.</summary>
internal sealed class InPredicate : ValuePredicate
{
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _texts;
    private readonly HashSet<decimal> _numbers = [];
    private readonly bool _hasTrue;
    private readonly bool _hasFalse;
    private readonly bool _hasNull;

    /// <summary>The operands must be scalars the compiler has checked.</summary>
    public InPredicate(IEnumerable<JsonElement> operands)
    {
        var texts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operand in operands)
        {
            switch (operand.ValueKind)
            {
                case JsonValueKind.String:
                    texts.Add(operand.GetString()!);
                    break;
                case JsonValueKind.Number:
                    JsonValues.TryGetNumber(operand, out var number);
                    _numbers.Add(number);
                    break;
                case JsonValueKind.True:
                    _hasTrue = true;
                    break;
                case JsonValueKind.False:
                    _hasFalse = true;
                    break;
                case JsonValueKind.Null:
                    _hasNull = true;
                    break;
            }
        }

        _texts = texts.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public override bool TestString(ReadOnlySpan<char> value) => _texts.Contains(value);

    public override bool TestNumber(decimal value) => _numbers.Contains(value);

    public override bool TestBoolean(bool value) => value ? _hasTrue : _hasFalse;

    public override bool TestNull() => _hasNull;
}
