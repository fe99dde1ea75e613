using System.ComponentModel.DataAnnotations;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>The operator's SMTP relay (<c>Email:Smtp</c>).</summary>
public sealed class SmtpSettings
{
    /// <summary>The relay's host name; e-mail endpoints cannot deliver while it is empty.</summary>
    public string? Host { get; set; }

    /// <value>25.</value>
    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <value><see cref="SmtpSecurity.None"/>.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.None;

    /// <summary>Authenticates when set (with <see cref="Password"/>, from a secret store or the environment).</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
