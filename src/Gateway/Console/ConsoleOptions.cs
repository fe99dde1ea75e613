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

    /// <summary>Base of the links handed out (e.g. <c>https://hooks.example.com</c>); unset, the request's own scheme and host.</summary>
    public string? PublicUrl { get; set; }
}
