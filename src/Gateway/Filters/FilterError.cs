namespace Gateway.Filters;

/// <summary>One reason a filter was refused: where (a JSON pointer into the filter document, e.g. <c>/and/1/order.total/gt</c>) and what.</summary>
public sealed record FilterError(string Path, string Message);
