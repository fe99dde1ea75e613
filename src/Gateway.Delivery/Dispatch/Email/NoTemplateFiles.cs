using Fluid;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>Tenant templates read no files: <c>include</c> and <c>render</c> find nothing.</summary>
internal sealed class NoTemplateFiles : ITemplateFileProvider
{
    public static readonly NoTemplateFiles Instance = new();

    public ValueTask<TemplateSourceInfo?> GetFileInfoAsync(string subpath, TemplateContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<TemplateSourceInfo?>(null);
}
