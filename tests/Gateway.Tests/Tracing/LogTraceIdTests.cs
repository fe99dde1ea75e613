using System.Collections.Concurrent;
using System.Diagnostics;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Tracing;

/// <summary>
/// What the gateway logs while a trace is current carries that trace's id: the host's logger factory adds it to the
/// scope of every log line, and the console shows scopes (as JSON fields with <c>Logging:Console:FormatterName=json</c>).
/// </summary>
[Collection(RedisApiCollection.Name)]
public sealed class LogTraceIdTests(RedisFixture store)
{
    [Fact]
    public async Task ALineLoggedUnderATrace_CarriesItsTraceIdInItsScope_AndTheConsoleShowsScopes()
    {
        var lines = new ScopeCapture();
        await using var gateway = new GatewayFactory(store, services: s => s.AddSingleton<ILoggerProvider>(lines));
        _ = gateway.Server;

        using var activity = new Activity("ingest").SetIdFormat(ActivityIdFormat.W3C).Start();
        gateway.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Test").LogWarning("under a trace");

        var scopes = Assert.Single(lines.Lines, l => l.Message == "under a trace").Scopes;
        Assert.Contains(scopes, s => s.Key == "TraceId" && s.Value == activity.TraceId.ToHexString());
        Assert.True(gateway.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(gateway.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    /// <summary>Records each line with the scope values the logger factory gives it.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<(string Message, List<KeyValuePair<string, string?>> Scopes)> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new List<KeyValuePair<string, string?>>();
                owner._scopes.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        list.AddRange(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value?.ToString())));
                    }
                }, scopes);
                owner.Lines.Enqueue((formatter(state, exception), scopes));
            }
        }
    }
}
