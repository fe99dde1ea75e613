namespace Gateway.Delivery.Endpoints;

/// <summary>Where an endpoint's messages go; every kind shares queue, retries, dead letters and logs, only the send differs.</summary>
public enum DestinationKind
{
    /// <summary>A signed POST to <see cref="WebhookEndpoint.Url"/> (the default).</summary>
    Http,

    /// <summary>An e-mail through the operator's SMTP relay (<see cref="WebhookEndpoint.Email"/>).</summary>
    Email,

    /// <summary>A confirmed publish to a RabbitMQ exchange (<see cref="WebhookEndpoint.RabbitMq"/>).</summary>
    RabbitMq,
}
