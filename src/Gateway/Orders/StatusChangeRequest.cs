using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Problems;

namespace Gateway.Orders;

/// <summary>The body of a status change, as <c>PUT /v1/orders/{orderId}/status</c> (and its override) reads it.</summary>
/// <param name="Notify">False: record the change without emitting <c>order.statusChanged</c> (default true).</param>
/// <param name="Customer">An object with at least a name, kept with the order for the status-changed event.</param>
/// <param name="Items">A list of <c>{"offerName","quantity","price"}</c> objects, kept with the order likewise.</param>
public sealed record StatusChangeRequest(string Status, string? Message = null, bool? Notify = null, JsonElement? Customer = null, JsonElement? Items = null)
    : IJsonRequest<StatusChangeRequest>
{
    private static readonly string[] Fields = ["status", "message", "notify", "customer", "items"];

    static long IJsonRequest<StatusChangeRequest>.MaxBytes => 256 * 1024;

    /// <summary>A value of the wrong type is one more validation error at its pointer, as <see cref="StatusRequest.Parse"/> reports it.</summary>
    static StatusChangeRequest IJsonRequest<StatusChangeRequest>.Read(JsonElement body)
    {
        if (RequestJson.RefuseUnknownFields(body, "a status change", Fields) is { } unknown)
        {
            throw new RejectedRequestException(unknown);
        }

        var (_, errors) = StatusRequest.Parse(body);
        return errors.Count > 0
            ? throw new RejectedRequestException(Problem.Validation("The status change is not valid.", errors))
            : body.Deserialize<StatusChangeRequest>(GatewayJson.Options)!;
    }

    /// <summary>The change as the order store applies it: notify by default, the details as their JSON text.</summary>
    public StatusRequest ToStatusRequest() => new(Status, Message, Notify ?? true, Customer?.GetRawText(), Items?.GetRawText());
}
