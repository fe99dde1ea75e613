namespace Gateway.Delivery.Endpoints;

/// <summary>The broker an endpoint of kind <see cref="DestinationKind.RabbitMq"/> publishes to.</summary>
public sealed record RabbitMqDestination
{
    /// <summary>The <c>amqp://</c> or <c>amqps://</c> URL as stored: sealed (<see cref="Secrets.EndpointSecrets.SealBroker"/>),
    /// since it may carry the broker's credentials.</summary>
    public required string Url { get; init; }

    public required string Exchange { get; init; }

    /// <summary>The routing key; <c>{type}</c> and <c>{objectId}</c> are replaced by the event's type and object id.</summary>
    public required string RoutingKey { get; init; }
}
