using System.Collections.Concurrent;
using Gateway.Delivery.Metrics;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// A Polly circuit breaker per endpoint. When every attempt in the sampling window fails (at least
/// <c>Delivery:BreakerFailureThreshold</c> of them) the circuit opens: the endpoint's queue waits, nothing is
/// dropped, and after the break one probe decides whether delivery resumes.
/// </summary>
public sealed class EndpointBreakers(IOptions<DeliveryOptions> options, TimeProvider time, GatewayMetrics metrics)
{
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);

    public int OpenCount => _breakers.Values.Count(b => b.State.CircuitState is CircuitState.Open or CircuitState.HalfOpen);

    public Breaker For(string endpointId, string tenantId) => _breakers.GetOrAdd(endpointId, _ => Create(tenantId));

    /// <summary>Whether this process's breaker of the endpoint is open; null when this process has none for it.</summary>
    public bool? Known(string endpointId) =>
        _breakers.TryGetValue(endpointId, out var breaker) ? breaker.State.CircuitState is CircuitState.Open or CircuitState.Isolated : null;

    public void Forget(string endpointId) => _breakers.TryRemove(endpointId, out _);

    private Breaker Create(string tenantId)
    {
        var delivery = options.Value;
        var state = new CircuitBreakerStateProvider();
        var breaker = new Breaker(state);
        var pipeline = new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<AttemptResult>
            {
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, delivery.BreakerFailureThreshold),
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(1, delivery.BreakerBreakDuration.TotalSeconds * 2)),
                BreakDuration = delivery.BreakerBreakDuration,
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { IsSuccess: false } || args.Outcome.Exception is not null),
                OnOpened = args =>
                {
                    breaker.BlockedUntil = time.GetUtcNow() + args.BreakDuration;
                    metrics.BreakerTransition(tenantId, "opened");
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    metrics.BreakerTransition(tenantId, "half_open");
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    breaker.BlockedUntil = DateTimeOffset.MinValue;
                    metrics.BreakerTransition(tenantId, "closed");
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        breaker.Pipeline = pipeline;
        return breaker;
    }

    /// <summary>One endpoint's breaker: the pipeline deliveries run through, and its state for the scheduler.</summary>
    public sealed class Breaker(CircuitBreakerStateProvider state)
    {
        public CircuitBreakerStateProvider State { get; } = state;

        public ResiliencePipeline<AttemptResult> Pipeline { get; set; } = ResiliencePipeline<AttemptResult>.Empty;

        /// <summary>Until when an open circuit blocks every attempt.</summary>
        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Open or half-open: only one probe at a time may go.</summary>
        public bool IsProbing => State.CircuitState is CircuitState.Open or CircuitState.HalfOpen or CircuitState.Isolated;
    }
}
