using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>
/// Renders tenant Liquid templates (Fluid) as hostile input: no file access (<see cref="NoTemplateFiles"/>), and
/// Fluid has no tag that reaches the network; bounded steps, output and collection sizes, recursion, and render time.
/// The model is the event: its top-level fields (<c>order</c>, <c>objectId</c>…), the whole of it as <c>event</c>,
/// and <c>support</c> (<c>Email:SupportContact</c>).
/// </summary>
public sealed class LiquidSandbox
{
    private static readonly FluidParser s_parser = new();
    private readonly TemplateOptions _options;
    private readonly EmailOptions _email;
    private readonly TimeProvider _time;

    public LiquidSandbox(IOptions<EmailOptions> options, TimeProvider time)
    {
        _email = options.Value;
        _time = time;
        _options = new TemplateOptionsBuilder()
            .WithFileProvider(NoTemplateFiles.Instance)
            .WithMaxSteps(_email.TemplateMaxSteps)
            .WithMaxOutputSize(_email.TemplateMaxOutput)
            .WithMaxCollectionSize(10_000)
            .WithMaxRecursion(16)
            .WithCultureInfo(System.Globalization.CultureInfo.InvariantCulture)
            .WithNow(time.GetUtcNow)
            .Build();
    }

    /// <summary>Parses <paramref name="source"/>; false with the parser's message when it is not Liquid.</summary>
    public static bool TryParse(string source, out IFluidTemplate? template, out string? error) =>
        s_parser.TryParse(source, out template, out error);

    /// <summary>Renders <paramref name="template"/> over <paramref name="root"/>; HTML-encodes values when <paramref name="html"/>.</summary>
    /// <exception cref="UnsendableException">The template broke a limit or failed.</exception>
    public async Task<string> RenderAsync(IFluidTemplate template, JsonElement root, bool html, CancellationToken cancellationToken)
    {
        using var budget = new CancellationTokenSource(_email.TemplateTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, cancellationToken);
        var context = new TemplateContext(_options) { CancellationToken = linked.Token };
        if (EventModel.From(root) is Dictionary<string, object?> fields)
        {
            foreach (var (name, value) in fields)
            {
                context.SetValue(name, FluidValue.Create(value, _options));
            }

            context.SetValue("event", FluidValue.Create(fields, _options));
        }

        context.SetValue("support", _email.SupportContact ?? "");
        try
        {
            return await template.RenderAsync(context, html ? HtmlEncoder.Default : NullEncoder.Default, isolateContext: false).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnsendableException($"the template took longer than {_email.TemplateTimeout.TotalSeconds:0.###} s to render.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A hostile template can fail in any way Fluid can (a step or size limit, a bad filter argument): the
            // message is unsendable, the worker goes on.
            throw new UnsendableException($"the template failed: {ex.Message}");
        }
    }
}
