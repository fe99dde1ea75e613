namespace Gateway.ApiDocs;

/// <summary>What the OpenAPI document says of one route: a summary, its request body, its success answer, its problems.</summary>
public sealed record ApiOperation(string Summary, Type? Request, int Status, Type? Response, params int[] Problems)
{
    /// <summary>A second shape of the success answer, for a query parameter that changes it: the document says one of the two.</summary>
    public Type? OrResponse { get; init; }
}
