namespace Gateway.Endpoints;

/// <param name="Url">amqp(s)://[user:password@]host[:port][/vhost]; answers show it without credentials.</param>
/// <param name="RoutingKey">{type} and {objectId} are replaced by the event's type and objectId.</param>
public sealed record EndpointRabbitMq(string Url, string Exchange, string RoutingKey);
