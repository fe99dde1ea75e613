using Gateway.Client.Admin;
using Gateway.Client.ConsoleSessions;
using Gateway.Client.DeadLetters;
using Gateway.Client.Endpoints;
using Gateway.Client.Events;
using Gateway.Client.EventTypes;
using Gateway.Client.Http;
using Gateway.Client.Keys;
using Gateway.Client.Logs;
using Gateway.Client.Orders;
using Microsoft.Extensions.Http.Resilience;

namespace Gateway.Client;

/// <summary>
/// The gateway's API, one property per area: <c>client.Events.SendAsync(order)</c>,
/// <c>client.Endpoints.CreateAsync(…)</c>. Register it with <c>services.AddGatewayClient(…)</c>, or make one with <see cref="Create"/>.
/// </summary>
public sealed class GatewayClient
{
    private readonly GatewayHttp _http;

    public GatewayClient(HttpClient http, GatewayClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        http.BaseAddress ??= options.BaseAddress ?? throw new ArgumentException("GatewayClientOptions.BaseAddress is required.", nameof(options));
        _http = new GatewayHttp(http, options);
        Events = new EventsClient(_http);
        Endpoints = new EndpointsClient(_http);
        EventTypes = new EventTypesClient(_http);
        DeadLetters = new DeadLettersClient(_http);
        Logs = new LogsClient(_http);
        Orders = new OrdersClient(_http);
        Keys = new KeysClient(_http);
        ConsoleSessions = new ConsoleSessionsClient(_http);
        Admin = new AdminClient(_http);
    }

    public EventsClient Events { get; }

    public EndpointsClient Endpoints { get; }

    public EventTypesClient EventTypes { get; }

    public DeadLettersClient DeadLetters { get; }

    /// <summary>Logs, attempts, filtered events and activity counters.</summary>
    public LogsClient Logs { get; }

    public OrdersClient Orders { get; }

    public KeysClient Keys { get; }

    public ConsoleSessionsClient ConsoleSessions { get; }

    /// <summary>Operator calls; the client must hold the admin key.</summary>
    public AdminClient Admin { get; }

    /// <summary>A client with its own <see cref="HttpClient"/> and the same retries as the DI registration (outside DI, or several keys).</summary>
    /// <param name="primaryHandler">The innermost handler; a <see cref="SocketsHttpHandler"/> when null.</param>
    public static GatewayClient Create(GatewayClientOptions options, HttpMessageHandler? primaryHandler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new ResilienceHandler(GatewayResilience.Pipeline(options)) { InnerHandler = primaryHandler ?? new SocketsHttpHandler() };
        return new GatewayClient(new HttpClient(handler) { BaseAddress = options.BaseAddress, Timeout = options.Timeout }, options);
    }

    /// <summary>Liveness: the process answers.</summary>
    [GatewayRoute("GET", "/healthz")]
    public Task<HealthStatus> GetHealthAsync(CancellationToken cancellationToken = default) => _http.GetAsync<HealthStatus>("/healthz", cancellationToken);

    /// <summary>Readiness: Redis answers and the workers' heartbeat is fresh (503 otherwise).</summary>
    [GatewayRoute("GET", "/readyz")]
    public Task<HealthStatus> GetReadinessAsync(CancellationToken cancellationToken = default) => _http.GetAsync<HealthStatus>("/readyz", cancellationToken);
}

/// <summary>Liveness or readiness; readiness also says how Redis and the workers are.</summary>
public sealed record HealthStatus(string Status)
{
    /// <summary>ok, unreachable or evicting; readiness only.</summary>
    public string? Redis { get; init; }

    /// <summary>ok, stale or not run here; readiness only.</summary>
    public string? Workers { get; init; }

    /// <summary>Why the encryption key cannot open the stored secrets, when it cannot.</summary>
    public string? Encryption { get; init; }

    /// <summary>Why the gateway is not ready.</summary>
    public string? Reason { get; init; }
}
