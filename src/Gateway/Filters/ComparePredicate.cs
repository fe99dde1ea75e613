namespace Gateway.Filters;

/// <summary>
/// <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c>: a number operand compares numbers numerically; a string operand compares
/// strings ordinally (right for ISO 8601 timestamps written in the same format and offset). Other pairs never match.
/// </summary>
internal sealed class ComparePredicate : ValuePredicate
{
    private readonly CompareOperator _operator;
    private readonly string? _text;
    private readonly decimal _number;

    public ComparePredicate(CompareOperator op, decimal number)
    {
        _operator = op;
        _number = number;
    }

    public ComparePredicate(CompareOperator op, string text)
    {
        _operator = op;
        _text = text;
    }

    public override bool TestString(ReadOnlySpan<char> value) => _text is not null && Holds(value.SequenceCompareTo(_text));

    public override bool TestNumber(decimal value) => _text is null && Holds(value.CompareTo(_number));

    private bool Holds(int comparison) => _operator switch
    {
        CompareOperator.GreaterThan => comparison > 0,
        CompareOperator.GreaterThanOrEqual => comparison >= 0,
        CompareOperator.LessThan => comparison < 0,
        _ => comparison <= 0,
    };
}
