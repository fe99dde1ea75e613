using System.Reflection;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Endpoints;

/// <summary>The body of <c>PATCH /v1/endpoints/{id}</c>: the fields it changes, checked; those it leaves out keep their value.</summary>
public sealed class EndpointChangeInput : EndpointInput, IBindableFromHttpContext<EndpointChangeInput>, IEndpointParameterMetadataProvider
{
    private EndpointChangeInput()
    {
    }

    public static ValueTask<EndpointChangeInput?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        BindAsync(context, new EndpointChangeInput(), isCreate: false);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestJson.DescribeBody(builder, typeof(EndpointRequest));
}
