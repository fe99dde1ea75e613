using System.Text.Json;
using Gateway.Problems;

namespace Gateway.Orders;

/// <summary>
/// The body of a status change: <c>{"status","message"?,"notify"?,"customer"?,"items"?}</c>. <c>customer</c> and
/// <c>items</c> are kept with the order (as given, unknown fields included) for the status-changed event.
/// </summary>
public sealed record StatusRequest(string Status, string? Message, bool Notify, string? CustomerJson, string? ItemsJson)
{
    public const int MaxMessageLength = 2000;
    public const int MaxItemsInRequest = 1000;

    public static (StatusRequest? Request, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        var errors = new List<FieldError>();
        string? status = null;
        if (body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(s.GetString()))
        {
            status = s.GetString();
        }
        else
        {
            errors.Add(new FieldError("/status", "status is required: one of the statuses of the tenant's workflow."));
        }

        string? message = null;
        if (body.TryGetProperty("message", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.String || m.GetString()!.Length > MaxMessageLength)
            {
                errors.Add(new FieldError("/message", $"message is a string of at most {MaxMessageLength} characters."));
            }
            else
            {
                message = m.GetString();
            }
        }

        var notify = true;
        if (body.TryGetProperty("notify", out var n) && n.ValueKind != JsonValueKind.Null)
        {
            if (n.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                notify = n.GetBoolean();
            }
            else
            {
                errors.Add(new FieldError("/notify", "notify is a boolean."));
            }
        }

        var customer = body.TryGetProperty("customer", out var c) && c.ValueKind != JsonValueKind.Null ? CheckCustomer(c, errors) : null;
        var items = body.TryGetProperty("items", out var i) && i.ValueKind != JsonValueKind.Null ? CheckItems(i, errors) : null;
        return errors.Count > 0 ? (null, errors) : (new StatusRequest(status!, message, notify, customer, items), []);
    }

    private static string? CheckCustomer(JsonElement customer, List<FieldError> errors)
    {
        if (customer.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError("/customer", "customer is an object with a name."));
            return null;
        }

        if (!customer.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError("/customer/name", "customer.name is required: a string."));
            return null;
        }

        return customer.GetRawText();
    }

    private static string? CheckItems(JsonElement items, List<FieldError> errors)
    {
        if (items.ValueKind != JsonValueKind.Array || items.GetArrayLength() > MaxItemsInRequest)
        {
            errors.Add(new FieldError("/items", $"items is a list of at most {MaxItemsInRequest} {{\"offerName\",\"quantity\",\"price\"}} objects."));
            return null;
        }

        var before = errors.Count;
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var path = $"/items/{index++}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(path, "An item is an object {\"offerName\",\"quantity\",\"price\"}."));
                continue;
            }

            if (!item.TryGetProperty("offerName", out var offer) || offer.ValueKind != JsonValueKind.String)
            {
                errors.Add(new FieldError(path + "/offerName", "offerName is required: a string."));
            }

            if (!item.TryGetProperty("quantity", out var quantity) || quantity.ValueKind != JsonValueKind.Number
                || !quantity.TryGetInt64(out var q) || q < 0)
            {
                errors.Add(new FieldError(path + "/quantity", "quantity is required: a whole number, 0 or more."));
            }

            if (!item.TryGetProperty("price", out var price) || price.ValueKind != JsonValueKind.Number)
            {
                errors.Add(new FieldError(path + "/price", "price is required: a number."));
            }
        }

        return errors.Count == before ? items.GetRawText() : null;
    }
}
