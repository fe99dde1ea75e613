namespace Gateway.Delivery.Dispatch.Email;

/// <summary>
/// The ready-made notifications of seed 000, one per OrderStatusChanged status (In Progress, Completed, Completed
/// With Errors), used when an e-mail endpoint gives neither text nor html: the new status, the customer's name, the
/// items with offer name, quantity and price, and the support contact. Any other status gets the neutral wording.
/// </summary>
public static class OrderStatusTemplates
{
    /// <summary>The statuses with their own wording.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["In Progress", "Completed", "Completed With Errors"];

    /// <summary>A subject the console proposes for these templates.</summary>
    public const string Subject = "Your order {{ order.id }} is {{ order.status }}";

    private const string Items = """
        {% for item in order.items %}- {{ item.offerName }} × {{ item.quantity }}: {{ item.price }}
        {% endfor %}
        """;

    private const string HtmlItems = """
        <table cellpadding="4"><tr><th align="left">Offer</th><th align="right">Quantity</th><th align="right">Price</th></tr>
        {% for item in order.items %}<tr><td>{{ item.offerName }}</td><td align="right">{{ item.quantity }}</td><td align="right">{{ item.price }}</td></tr>
        {% endfor %}</table>
        """;

    /// <summary>The text and html templates for <paramref name="status"/>.</summary>
    public static (string Text, string Html) For(string? status)
    {
        var lead = Lead(status);
        var text = $$$"""
            Hello {{ order.customer.name }},

            {{{lead}}}

            Status: {{ order.status }}
            {% if order.message %}Note: {{ order.message }}
            {% endif %}
            Items:
            {{{Items}}}
            {% if support != "" %}Questions? Contact our support team: {{ support }}{% endif %}
            """;
        var html = $$$"""
            <p>Hello {{ order.customer.name }},</p>
            <p>{{{lead}}}</p>
            <p>Status: <strong>{{ order.status }}</strong></p>
            {% if order.message %}<p>Note: {{ order.message }}</p>{% endif %}
            {{{HtmlItems}}}
            {% if support != "" %}<p>Questions? Contact our support team: {{ support }}</p>{% endif %}
            """;
        return (text, html);
    }

    private static string Lead(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        "in progress" => "we have started working on your order {{ order.id }}.",
        "completed" => "your order {{ order.id }} is complete. Everything you ordered is ready.",
        "completed with errors" => "your order {{ order.id }} is complete, but some items could not be processed. We are looking into it.",
        _ => "the status of your order {{ order.id }} has changed.",
    };
}
