namespace Gateway.Delivery.Dispatch.RabbitMq;

/// <summary>The rules of a broker URL (<c>amqp://user:pass@host:5672/vhost</c>, or <c>amqps://</c>), and its form without credentials.</summary>
public static class BrokerAddress
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> is an acceptable broker URL, else why not (the host's network is checked apart).</summary>
    public static string? Validate(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return $"url must be an absolute amqp:// or amqps:// URL of at most {MaxLength} characters.";
        }

        if (parsed.Scheme is not ("amqp" or "amqps"))
        {
            return "url must use amqp or amqps.";
        }

        if (string.IsNullOrEmpty(parsed.Host) || !string.IsNullOrEmpty(parsed.Query) || !string.IsNullOrEmpty(parsed.Fragment) || parsed.AbsolutePath.Count(c => c == '/') > 1)
        {
            return "url is amqp(s)://[user:password@]host[:port][/vhost], without a query or fragment.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>The URL without its user info: what lists, logs and the endpoint's <c>url</c> show.</summary>
    public static string Display(Uri uri) =>
        new UriBuilder(uri) { UserName = "", Password = "" }.Uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped);
}
