using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Gateway.Problems;

/// <summary>
/// A request body the framework binds to a record with the API's errors, before the handler runs: 415 for another
/// content type, 413 too large, 400 malformed (or a duplicate name, or a lone surrogate), 422 for a field the record
/// does not have, 400 for a value of the wrong type, then 422 with every error <see cref="Validate"/> finds. The
/// handler gets a request that passed all of them. The route's OpenAPI description takes the body and those
/// problems from here.
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

    /// <summary>What is wrong with the values, each at its JSON pointer; checks that need no service.</summary>
    IEnumerable<FieldError> Validate() => [];

    static ValueTask<TSelf?> IBindableFromHttpContext<TSelf>.BindAsync(HttpContext context, ParameterInfo parameter) =>
        RequestJson.BindAsync<TSelf>(context.Request);

    static void IEndpointParameterMetadataProvider.PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        // No content types: routing turns an endpoint's accepted types into a 415 of its own before the handler runs
        // (without this API's detail, and refusing application/*+json, which RequestJson reads). The document still
        // shows the body as application/json, the generator's default for a body without formats.
        builder.Metadata.Add(new AcceptsMetadata([], typeof(TSelf), isOptional: TSelf.BodyIsOptional));
        ApiDocs.ProblemResponses.Add(builder.Metadata, StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge,
            StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
    }
}
