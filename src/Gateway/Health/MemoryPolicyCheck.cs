using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Health;

/// <summary>
/// Reads Redis's <c>maxmemory-policy</c> once at start. Any eviction policy lets a full Redis silently drop queued
/// messages and event bodies, so it is logged as an error and <c>/readyz</c> reports the process not ready, with why.
/// A server that refuses <c>CONFIG GET</c> (managed Redis often does) is only warned about: the gateway cannot tell.
/// </summary>
public sealed partial class MemoryPolicyCheck(IOptions<RedisOptions> options, TimeProvider time, ILogger<MemoryPolicyCheck> logger) : BackgroundService
{
    private volatile string? _problem;

    /// <summary>Why the store's memory policy is unsafe, or null when it is safe or unknown.</summary>
    public string? Problem => _problem;

    /// <summary>The policy each server answered, once read (empty until then, or when it was refused).</summary>
    public IReadOnlyDictionary<string, string> Policies { get; private set; } = new Dictionary<string, string>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Retried until the store answers once: a gateway may start before its Redis.
        for (var delay = TimeSpan.FromSeconds(1); !stoppingToken.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks)))
        {
            try
            {
                await CheckAsync().ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or TimeoutException)
            {
                LogUnreachable(logger, ex.Message);
            }

            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the policy of every primary now.</summary>
    public async Task CheckAsync()
    {
        // CONFIG is an admin command in StackExchange.Redis: a short-lived admin connection, so the shared one stays without.
        var config = ConfigurationOptions.Parse(options.Value.Configuration!);
        config.AllowAdmin = true;
        config.AbortOnConnectFail = true;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false);
        var policies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            KeyValuePair<string, string>[] answer;
            try
            {
                answer = await server.ConfigGetAsync("maxmemory-policy").ConfigureAwait(false);
            }
            catch (RedisServerException ex)
            {
                LogRefused(logger, server.EndPoint.ToString() ?? "", ex.Message);
                continue;
            }

            if (answer.FirstOrDefault(kv => kv.Key == "maxmemory-policy").Value is { Length: > 0 } policy)
            {
                policies[server.EndPoint.ToString() ?? ""] = policy;
            }
        }

        Policies = policies;
        var evicting = policies.Where(p => !string.Equals(p.Value, "noeviction", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (evicting.Length == 0)
        {
            _problem = null;
            return;
        }

        _problem = $"Redis maxmemory-policy is {string.Join(", ", evicting.Select(p => $"'{p.Value}' on {p.Key}"))}: a full Redis would evict " +
            "queued messages and event bodies without a trace. Set maxmemory-policy noeviction (the gateway then answers 503 when full).";
        LogEvicting(logger, _problem);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}")]
    private static partial void LogEvicting(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis {Server} refused CONFIG GET maxmemory-policy ({Error}); the gateway cannot check that it is noeviction")]
    private static partial void LogRefused(ILogger logger, string server, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read Redis maxmemory-policy yet: {Error}")]
    private static partial void LogUnreachable(ILogger logger, string error);
}
