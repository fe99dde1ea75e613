namespace Gateway.Filters;

/// <summary>The ordering operators.</summary>
internal enum CompareOperator
{
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
}
