namespace Gateway.Console;

/// <summary>
/// The session cookie: HttpOnly, SameSite=Strict, Path=/. Over https it is <c>Secure</c> and named with the
/// <c>__Host-</c> prefix, so the browser refuses it unless it came Secure from this exact host with no Domain: a
/// sibling subdomain or a plain-http origin cannot plant or shadow it. Over plain http (development, tests, a gateway
/// reached on loopback) the prefix is impossible, since browsers reject a <c>__Host-</c> cookie without Secure; there
/// the cookie keeps the plain name, and a request is only ever read with the name of its own scheme.
/// </summary>
public static class ConsoleCookie
{
    public const string Name = "gw_console";

    /// <summary>The cookie's name over https.</summary>
    public const string SecureName = "__Host-" + Name;

    /// <summary>The header the console's script sends on every state-changing call.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    public static void Set(HttpContext context, string value, DateTimeOffset expiresAt) =>
        context.Response.Cookies.Append(NameFor(context), value, Options(context, expiresAt));

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(NameFor(context), Options(context, null));

    /// <summary>The session cookie the request carries under its scheme's name, if any.</summary>
    public static string? Read(HttpContext context) =>
        context.Request.Cookies.TryGetValue(NameFor(context), out var value) ? value : null;

    private static string NameFor(HttpContext context) => context.Request.IsHttps ? SecureName : Name;

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
