using System.Reflection;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Endpoints;

/// <summary>The body of <c>POST /v1/endpoints</c>: every field a new endpoint needs, checked.</summary>
public sealed class NewEndpointInput : EndpointInput, IBindableFromHttpContext<NewEndpointInput>, IEndpointParameterMetadataProvider
{
    private NewEndpointInput()
    {
    }

    public static ValueTask<NewEndpointInput?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        BindAsync(context, new NewEndpointInput(), isCreate: true);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestJson.DescribeBody(builder, typeof(EndpointRequest));
}
