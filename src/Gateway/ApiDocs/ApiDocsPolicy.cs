using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gateway.ApiDocs;

/// <summary>
/// A Content-Security-Policy and frame protection for the API reference. <c>/docs</c> shares the console's origin:
/// a script injected there could call the API with a console session's cookie, so it gets nearly the console's policy.
/// Scalar's page starts itself with one inline module script; that script, and only it, is allowed by its SHA-256,
/// computed from the page as served (so a Scalar upgrade that changes it cannot silently break or widen the policy).
/// </summary>
public static partial class ApiDocsPolicy
{
    private const string Base =
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseApiDocsPolicy(this IApplicationBuilder app, string path) =>
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(path))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var headers = context.Response.Headers;
            var html = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)
                : null;
            headers.ContentSecurityPolicy = $"script-src 'self'{Hashes(html)}; {Base}";
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });

    private static string Hashes(string? html)
    {
        if (html is null)
        {
            return "";
        }

        var hashes = new StringBuilder();
        foreach (Match script in InlineScript().Matches(html))
        {
            hashes.Append(" 'sha256-").Append(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script.Groups["body"].Value)))).Append('\'');
        }

        return hashes.ToString();
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>(?<body>.*?)</script>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
