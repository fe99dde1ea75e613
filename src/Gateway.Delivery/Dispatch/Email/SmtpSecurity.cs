namespace Gateway.Delivery.Dispatch.Email;

/// <summary>How the connection to the SMTP relay is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain SMTP (a relay on the same host or network).</summary>
    None,

    /// <summary>Plain connect, then STARTTLS (required: a relay that does not offer it fails the attempt).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Tls,
}
