using System.Reflection;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Endpoints;

/// <summary>The body of <c>POST /v1/endpoints/preview</c>: draft e-mail settings (required), the event, the item cap.</summary>
public sealed class DraftPreviewInput : EmailPreviewInput, IBindableFromHttpContext<DraftPreviewInput>, IEndpointParameterMetadataProvider
{
    private static readonly string[] s_fields = ["email", "eventType", "payload", "maxOrderItems", "maxItems"];

    private DraftPreviewInput()
    {
    }

    public static ValueTask<DraftPreviewInput?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        BindAsync(context, new DraftPreviewInput(), "an e-mail preview", s_fields, isDraft: true);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestJson.DescribeBody(builder, typeof(EmailPreviewRequest));
}
