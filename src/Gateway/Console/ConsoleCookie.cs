namespace Gateway.Console;

/// <summary>The session cookie: HttpOnly, SameSite=Strict, Secure when the request came over https.</summary>
public static class ConsoleCookie
{
    public const string Name = "gw_console";

    /// <summary>The header the console's script sends on every state-changing call.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    public static void Set(HttpContext context, string value, DateTimeOffset expiresAt) =>
        context.Response.Cookies.Append(Name, value, Options(context, expiresAt));

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, null));

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
