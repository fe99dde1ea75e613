using System.ComponentModel.DataAnnotations;

namespace Gateway.Console;

/// <summary>Settings of the tenant console, bound from the <c>Console</c> section.</summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    /// <summary>How long a single-use console link can be opened. <value>1 h</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a console session lasts once its link is opened; at most 12 h. <value>12 h</value></summary>
    [Range(typeof(TimeSpan), "00:00:01", "12:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Base of the links handed out (e.g. <c>https://hooks.example.com</c>). Unset, a link is built from the request's
    /// scheme and host (as forwarded by a known proxy), and only when that host is one of <see cref="AllowedHosts"/>.
    /// </summary>
    [Url]
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Host names (without port) a link may be built from when <see cref="PublicUrl"/> is unset: never from any
    /// <c>Host</c> header a client sends. <value>localhost, 127.0.0.1, [::1]</value>
    /// </summary>
    public string[]? AllowedHosts { get; set; }

    /// <summary>The hosts links may be built from: <see cref="AllowedHosts"/>, or loopback when it is unset.</summary>
    public IReadOnlyList<string> LinkHosts => AllowedHosts is { Length: > 0 } hosts ? hosts : ["localhost", "127.0.0.1", "[::1]"];
}
