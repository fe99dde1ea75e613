using System.Reflection;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Endpoints;

/// <summary>The body of <c>POST /v1/endpoints/{id}/preview</c>: the event, and draft settings to render instead of the stored ones.</summary>
public sealed class EndpointPreviewInput : EmailPreviewInput, IBindableFromHttpContext<EndpointPreviewInput>, IEndpointParameterMetadataProvider
{
    private static readonly string[] s_fields = ["email", "eventType", "payload"];

    private EndpointPreviewInput()
    {
    }

    public static ValueTask<EndpointPreviewInput?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        BindAsync(context, new EndpointPreviewInput(), "an endpoint's e-mail preview", s_fields, isDraft: false);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestJson.DescribeBody(builder, typeof(EndpointPreviewRequest));
}
