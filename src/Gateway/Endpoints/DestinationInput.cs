using System.Text.Json;
using Gateway.Delivery.Dispatch.Email;
using Gateway.Delivery.Dispatch.RabbitMq;
using Gateway.Delivery.Endpoints;
using Gateway.Problems;

namespace Gateway.Endpoints;

/// <summary>
/// Reads the destination fields of an endpoint request: <c>kind</c>, <c>email</c> and <c>rabbitmq</c>, each checked
/// with its JSON pointer. Addresses and subjects with a line break are header injection: <see cref="Injection"/> says so.
/// </summary>
public sealed class DestinationInput(List<FieldError> errors)
{
    public DestinationKind? Kind { get; private set; }

    public EmailDestination? Email { get; private set; }

    public bool HasEmail { get; private set; }

    /// <summary>The broker settings with the URL as given (the API seals it).</summary>
    public RabbitMqDestination? RabbitMq { get; private set; }

    public bool HasRabbitMq { get; private set; }

    /// <summary>An address or subject held CR/LF (or another control character): answered 400, not 422.</summary>
    public bool Injection { get; private set; }

    public static string KindName(DestinationKind kind) => kind switch
    {
        DestinationKind.Email => "email",
        DestinationKind.RabbitMq => "rabbitmq",
        _ => "http",
    };

    public void ReadKind(JsonElement value, string path)
    {
        Kind = value.ValueKind == JsonValueKind.String ? value.GetString() switch
        {
            "http" => DestinationKind.Http,
            "email" => DestinationKind.Email,
            "rabbitmq" => DestinationKind.RabbitMq,
            _ => null,
        } : null;
        if (Kind is null)
        {
            errors.Add(new FieldError(path, "kind must be \"http\", \"email\" or \"rabbitmq\"."));
        }
    }

    public void ReadEmail(JsonElement value, string path)
    {
        HasEmail = true;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "email must be an object: {\"from\", \"to\": [...], \"cc\"?, \"bcc\"?, \"subject\", \"text\"?, \"html\"?}."));
            return;
        }

        string? from = null, subject = null, text = null, html = null;
        List<string>? to = null, cc = null, bcc = null;
        var count = errors.Count;
        foreach (var field in value.EnumerateObject())
        {
            var at = $"{path}/{Escape(field.Name)}";
            switch (field.Name)
            {
                case "from":
                    from = Address(field.Value, at);
                    break;
                case "to":
                    to = Addresses(field.Value, at, required: true);
                    break;
                case "cc":
                    cc = Addresses(field.Value, at, required: false);
                    break;
                case "bcc":
                    bcc = Addresses(field.Value, at, required: false);
                    break;
                case "subject":
                    subject = Template(field.Value, at, EmailAddressRules.MaxSubjectLength, oneLine: true);
                    break;
                case "text":
                    text = field.Value.ValueKind == JsonValueKind.Null ? null : Template(field.Value, at, EmailAddressRules.MaxTemplateLength, oneLine: false);
                    break;
                case "html":
                    html = field.Value.ValueKind == JsonValueKind.Null ? null : Template(field.Value, at, EmailAddressRules.MaxTemplateLength, oneLine: false);
                    break;
                default:
                    errors.Add(new FieldError(at, $"'{field.Name}' is not a field of email (from, to, cc, bcc, subject, text, html)."));
                    break;
            }
        }

        Require(from is not null || HasError(path + "/from", count), path + "/from", "email.from is required: an address or a JSON pointer into the event.");
        Require(to is not null || HasError(path + "/to", count), path + "/to", "email.to is required: a list of addresses or JSON pointers such as \"/order/customer/email\".");
        Require(subject is not null || HasError(path + "/subject", count), path + "/subject", "email.subject is required (a Liquid template such as \"Order {{ order.id }} is {{ order.status }}\").");
        if (errors.Count == count)
        {
            Email = new EmailDestination { From = from!, To = to!, Cc = cc, Bcc = bcc, Subject = subject!, Text = text, Html = html };
        }
    }

    public void ReadRabbitMq(JsonElement value, string path)
    {
        HasRabbitMq = true;
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "rabbitmq must be an object: {\"url\", \"exchange\", \"routingKey\"}."));
            return;
        }

        string? url = null, exchange = null, routingKey = null;
        var count = errors.Count;
        foreach (var field in value.EnumerateObject())
        {
            var at = $"{path}/{Escape(field.Name)}";
            switch (field.Name)
            {
                case "url":
                    url = field.Value.ValueKind == JsonValueKind.String && BrokerAddress.Validate(field.Value.GetString(), out _) is not { } why ? field.Value.GetString()
                        : Fail(at, field.Value.ValueKind == JsonValueKind.String ? BrokerAddress.Validate(field.Value.GetString(), out _)! : "url must be a string.");
                    break;
                case "exchange":
                    exchange = Name(field.Value, at, "exchange", allowEmpty: true);
                    break;
                case "routingKey":
                    routingKey = Name(field.Value, at, "routingKey", allowEmpty: true);
                    break;
                default:
                    errors.Add(new FieldError(at, $"'{field.Name}' is not a field of rabbitmq (url, exchange, routingKey)."));
                    break;
            }
        }

        Require(url is not null || HasError(path + "/url", count), path + "/url", "rabbitmq.url is required: amqp(s)://[user:password@]host[:port][/vhost].");
        Require(exchange is not null || HasError(path + "/exchange", count), path + "/exchange", "rabbitmq.exchange is required (\"\" is the default exchange).");
        Require(routingKey is not null || HasError(path + "/routingKey", count), path + "/routingKey", "rabbitmq.routingKey is required; {type} and {objectId} are replaced per event.");
        if (errors.Count == count)
        {
            RabbitMq = new RabbitMqDestination { Url = url!, Exchange = exchange!, RoutingKey = routingKey! };
        }
    }

    private string? Address(JsonElement value, string at)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail(at, "an address is a string: name@example.com, or a JSON pointer into the event such as \"/order/customer/email\".");
        }

        var entry = value.GetString()!;
        if (EmailAddressRules.HasControl(entry))
        {
            Injection = true;
        }

        return EmailAddressRules.ValidateEntry(entry) is { } why ? Fail(at, why) : entry;
    }

    private List<string>? Addresses(JsonElement value, string at, bool required)
    {
        if (value.ValueKind == JsonValueKind.Null && !required)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || (required && value.GetArrayLength() == 0) || value.GetArrayLength() > EmailAddressRules.MaxEntriesPerList)
        {
            Fail(at, $"a list of {(required ? 1 : 0)} to {EmailAddressRules.MaxEntriesPerList} addresses or JSON pointers.");
            return null;
        }

        var list = new List<string>();
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (Address(item, $"{at}/{i++}") is { } entry)
            {
                list.Add(entry);
            }
        }

        return list.Count == value.GetArrayLength() ? list : null;
    }

    private string? Template(JsonElement value, string at, int maxLength, bool oneLine)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length is 0 || value.GetString()!.Length > maxLength)
        {
            return Fail(at, $"a non-empty string of at most {maxLength} characters (a Liquid template over the event).");
        }

        var source = value.GetString()!;
        if (oneLine && EmailAddressRules.HasControl(source))
        {
            Injection = true;
            return Fail(at, "a subject is one line: no CR, LF or other control characters (header injection).");
        }

        return Delivery.Dispatch.Email.LiquidSandbox.TryParse(source, out _, out var error) ? source : Fail(at, $"not a valid Liquid template: {error}");
    }

    private string? Name(JsonElement value, string at, string field, bool allowEmpty)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        return text is not null && (allowEmpty || text.Length > 0) && text.Length <= 255 && !text.Any(char.IsControl)
            ? text
            : Fail(at, $"{field} must be a string of at most 255 characters without control characters.");
    }

    private void Require(bool present, string path, string message)
    {
        if (!present)
        {
            errors.Add(new FieldError(path, message));
        }
    }

    private bool HasError(string path, int since) => errors.Skip(since).Any(e => e.Path.StartsWith(path, StringComparison.Ordinal));

    private string? Fail(string path, string message)
    {
        errors.Add(new FieldError(path, message));
        return null;
    }

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
