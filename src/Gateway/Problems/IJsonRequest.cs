using System.Reflection;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Problems;

/// <summary>
/// A request body the framework binds to a record with the API's errors, before the handler runs: 415 for another
/// content type, 413 too large, 400 malformed (or a duplicate name, or a lone surrogate), then <see cref="Read"/> (by
/// default 422 for a field the record does not have, 400 for a value of the wrong type), then 422 with every error
/// <see cref="Validate"/> finds. The handler gets a request that passed all of them. The route's OpenAPI description
/// takes the body and those problems from here.
/// </summary>
/// <typeparam name="TSelf">The request record.</typeparam>
public interface IJsonRequest<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : class, IJsonRequest<TSelf>
{
    /// <summary>Whether a request without a body is read as <c>{}</c> (every field at its default).</summary>
    static virtual bool BodyIsOptional => false;

    /// <summary>The detail of the 422 that lists <see cref="Validate"/>'s errors.</summary>
    static virtual string InvalidDetail => "The request is not valid.";

    /// <summary>The largest body read.</summary>
    static virtual long MaxBytes => 1024 * 1024;

    /// <summary>
    /// Reads the record from the body's JSON object: by default a field the record does not have is refused (422) and
    /// System.Text.Json binds the rest (a value of the wrong type is a 400). A request whose own reader reports a
    /// wrong type as one more 422 at its pointer overrides this, and throws <see cref="RejectedRequestException"/>
    /// with its problem.
    /// </summary>
    static virtual TSelf Read(JsonElement body)
    {
        if (RequestJson.RefuseUnknownFields(body, typeof(TSelf).Name, RequestJson.FieldsOf<TSelf>()) is { } unknown)
        {
            throw new RejectedRequestException(unknown);
        }

        try
        {
            return body.Deserialize<TSelf>(GatewayJson.Options) ?? throw new RejectedRequestException(Problem.BadRequest("The body must be a JSON object."));
        }
        catch (JsonException ex)
        {
            throw new RejectedRequestException(Problem.BadRequest($"The body does not have the expected shape: {ex.Message}"));
        }
    }

    /// <summary>What is wrong with the values, each at its JSON pointer; checks that need no service.</summary>
    IEnumerable<FieldError> Validate() => [];

    static ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        RequestJson.BindAsync<TSelf>(context.Request);

    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) =>
        RequestJson.DescribeBody(builder, typeof(TSelf), TSelf.BodyIsOptional);
}
