using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.ApiDocs;

/// <summary>The problems a route may answer, as OpenAPI response metadata (<see cref="ProblemView"/> as <c>application/problem+json</c>).</summary>
public static class ProblemResponses
{
    /// <summary>Documents that the route answers these statuses with a problem.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => Add(endpoint.Metadata, statuses));
        return builder;
    }

    internal static void Add(IList<object> metadata, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (!metadata.OfType<IProducesResponseTypeMetadata>().Any(m => m.StatusCode == status))
            {
                metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemView), ["application/problem+json"]));
            }
        }
    }
}
