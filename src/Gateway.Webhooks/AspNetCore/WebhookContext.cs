using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Gateway.Webhooks.AspNetCore;

/// <summary>
/// The verified delivery, as a handler parameter: <c>(WebhookContext webhook) =&gt; …webhook.Id…</c>. Minimal APIs bind
/// parameters before endpoint filters run, so it reads the filter's <see cref="VerifiedWebhook"/> when asked, not when bound.
/// </summary>
public sealed class WebhookContext
{
    private readonly HttpContext _http;

    private WebhookContext(HttpContext http) => _http = http;

    /// <summary>The <c>webhook-id</c>: deduplicate by it, a retry carries the same one.</summary>
    public string Id => Verified.Id;

    /// <summary>When this attempt was signed.</summary>
    public DateTimeOffset Timestamp => Verified.Timestamp;

    /// <summary>The raw body the signature covers (the request body can also be read again).</summary>
    public ReadOnlyMemory<byte> Body => Verified.Body;

    private VerifiedWebhook Verified => _http.Features.Get<VerifiedWebhook>()
        ?? throw new InvalidOperationException("No verified webhook on this request: map the route with .RequireStandardWebhook(…).");

    /// <summary>Minimal API binding.</summary>
    public static ValueTask<WebhookContext?> BindAsync(HttpContext context, ParameterInfo parameter) => ValueTask.FromResult<WebhookContext?>(new(context));
}
