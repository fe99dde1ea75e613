using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Gateway.Tests.Ordering;

/// <summary>
/// Ordering under chaos: many orders × 5 events sent concurrently (each order in sequence) to an ordered endpoint; two
/// worker processes; a receiver failing 20 % of requests at random; one worker SIGKILLed mid-run and started again.
/// Per order, first successful deliveries must come in strictly increasing sequence, with gaps only for dead letters;
/// nothing is lost; a repeat is only ever the order's last delivered message (same webhook-id); and no two requests
/// of one order are ever in flight at once.
/// </summary>
public abstract class OrderingChaosTests(StoreFixture store, ITestOutputHelper output)
{
    private const int EventsPerOrder = 5;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(2);

    private static readonly Dictionary<string, string?> s_settings = new()
    {
        // A 4 s lease (request 2 s + connect 1 s + margin 1 s), so the killed worker's leases expire within the run.
        ["Delivery:s_requestTimeout"] = s_requestTimeout.ToString(),
        ["Delivery:ConnectTimeout"] = "00:00:01",
        ["Delivery:LeaseMargin"] = "00:00:01",
        ["Delivery:RetrySchedule"] = "00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050",
        ["Delivery:Jitter"] = "0",
        ["Delivery:PollInterval"] = "00:00:00.500",
    };

    /// <summary>Orders in the run.</summary>
    protected abstract int Orders { get; }

    [Fact]
    public async Task OrderedEndpoint_TwoWorkers_OneKilled_RandomFailures_EveryOrderArrivesInSequence()
    {
        var started = Stopwatch.StartNew();
        await using var receiver = await Receiver.StartAsync();
        var outcomes = new ConcurrentDictionary<ReceivedRequest, bool>(ReferenceEqualityComparer.Instance);
        // Requests of each order the receiver is answering. One counts as in flight only while its sender waits for
        // it: a request the worker gave up on (its 2 s timeout, or a killed worker) is retried, and may meet its
        // retry here when this process is too busy to finish the first.
        var inFlight = new ConcurrentDictionary<string, ConcurrentDictionary<ReceivedRequest, bool>>();
        var overlaps = new ConcurrentQueue<string>();
        receiver.Respond = async (request, _) =>
        {
            var order = JsonDocument.Parse(request.Body).RootElement.GetProperty("objectId").GetString()!;
            var answering = inFlight.GetOrAdd(order, _ => new(ReferenceEqualityComparer.Instance));
            answering[request] = true;
            var waited = answering.Keys.Where(other => other != request && !other.Aborted.IsCancellationRequested && request.At - other.At < s_requestTimeout).ToArray();
            if (waited.Length > 0)
            {
                overlaps.Enqueue($"{order}: {request.Id} at {request.At:HH:mm:ss.fff} while {string.Join(", ", waited.Select(o => $"{o.Id} at {o.At:HH:mm:ss.fff}"))}");
            }

            await Task.Delay(Random.Shared.Next(0, 3));
            var ok = Random.Shared.NextDouble() >= 0.2;
            outcomes[request] = ok;
            answering.TryRemove(request, out bool _);
            return ok ? Results.Ok() : Results.StatusCode(500);
        };

        await using var api = new GatewayFactory(store, new Dictionary<string, string?>(s_settings) { ["Gateway:Roles"] = "api" });
        var tenant = await api.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync(receiver.Url("/chaos"), ["*"], new { ordering = new { key = "objectId" }, maxInFlight = 20 });
        var endpointId = endpoint.GetProperty("id").GetString()!;
        var workerSettings = new Dictionary<string, string?>(s_settings) { ["Redis:KeyPrefix"] = api.KeyPrefix, ["Gateway:Roles"] = "worker" };
        var first = GatewayProcess.StartReadyAsync(store, workerSettings);
        var second = GatewayProcess.StartReadyAsync(store, workerSettings);
        GatewayProcess doomed = await first, survivor = await second;
        GatewayProcess? restarted = null;
        try
        {
            var orders = Enumerable.Range(0, Orders).Select(i => $"chaos-{i:D4}-{Guid.NewGuid().ToString("N")[..6]}").ToArray();
            var sending = Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (order, _) =>
            {
                for (var sequence = 0; sequence < EventsPerOrder; sequence++)
                {
                    var document = Events.Order("created", order);
                    document["sequence"] = sequence;
                    using var response = await tenant.Http.PostAsJsonAsync("/v1/events", document);
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                }
            });

            var total = Orders * EventsPerOrder;
            await receiver.WaitForAsync(r => r.Count >= total / 4, TimeSpan.FromSeconds(30));
            doomed.Crash();
            var successesAtCrash = receiver.Requests.Count(r => outcomes.GetValueOrDefault(r));
            Assert.True(successesAtCrash < total, "the worker was killed after the run had ended");
            restarted = await GatewayProcess.StartReadyAsync(store, workerSettings);
            await sending;

            // Done when every message was delivered or dead-lettered.
            var deadline = DateTime.UtcNow.AddSeconds(40);
            HashSet<string> delivered, dead;
            do
            {
                await Task.Delay(200);
                delivered = [.. receiver.Requests.Where(r => outcomes.GetValueOrDefault(r)).Select(r => r.Id)];
                dead = await DeadLetterIdsAsync(tenant, endpointId);
            }
            while (delivered.Union(dead).Count() < total && DateTime.UtcNow < deadline);

            // A message the killed worker delivered but could not acknowledge is sent again; should every retry of it
            // then fail, it is dead-lettered although the subscriber has it: so delivered and dead may overlap.
            Assert.True(delivered.Union(dead).Count() == total, $"lost: {total - delivered.Union(dead).Count()} of {total}");
            Assert.True(overlaps.IsEmpty, $"{overlaps.Count} times two requests of one order were in flight at once: {string.Join("; ", overlaps)}");
            var deadSequences = await DeadLetterSequencesAsync(tenant, endpointId);
            foreach (var byOrder in receiver.Requests.ToArray().GroupBy(r => Body(r).Order))
            {
                var firstSuccesses = new List<int>();
                string? lastDelivered = null;
                var deliveredIds = new HashSet<string>();
                foreach (var request in byOrder)
                {
                    if (!outcomes.GetValueOrDefault(request))
                    {
                        continue;
                    }

                    if (deliveredIds.Add(request.Id))
                    {
                        firstSuccesses.Add(Body(request).Sequence);
                        lastDelivered = request.Id;
                    }
                    else
                    {
                        Assert.True(request.Id == lastDelivered, $"order {byOrder.Key}: {request.Id} repeated after a later message was delivered");
                    }
                }

                Assert.True(firstSuccesses.Zip(firstSuccesses.Skip(1)).All(p => p.First < p.Second), $"order {byOrder.Key} arrived as {string.Join(",", firstSuccesses)}");
                var missing = Enumerable.Range(0, EventsPerOrder).Except(firstSuccesses).ToArray();
                Assert.True(missing.All(deadSequences.GetValueOrDefault(byOrder.Key, []).Contains),
                    $"order {byOrder.Key} misses {string.Join(",", missing)} but only {string.Join(",", deadSequences.GetValueOrDefault(byOrder.Key, []))} were dead-lettered");
            }

            Assert.True(Orders == receiver.Requests.Select(r => Body(r).Order).Distinct().Count(), "an order never reached the receiver");
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"the run took {started.Elapsed}");
            output.WriteLine($"{total} messages, {receiver.Requests.Count} requests, {successesAtCrash} delivered when a worker was killed, " +
                $"{dead.Count} dead-lettered, {started.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await doomed.DisposeAsync();
            await survivor.DisposeAsync();
            if (restarted is not null)
            {
                await restarted.DisposeAsync();
            }
        }
    }

    private static (string Order, int Sequence) Body(ReceivedRequest request)
    {
        var root = JsonDocument.Parse(request.Body).RootElement;
        return (root.GetProperty("objectId").GetString()!, root.GetProperty("sequence").GetInt32());
    }

    private static async Task<HashSet<string>> DeadLetterIdsAsync(TenantClient tenant, string endpointId) =>
        [.. (await DeadLettersAsync(tenant, endpointId)).Select(d => d.GetProperty("id").GetString()!)];

    private static async Task<Dictionary<string, List<int>>> DeadLetterSequencesAsync(TenantClient tenant, string endpointId) =>
        (await DeadLettersAsync(tenant, endpointId))
            .Select(d => JsonDocument.Parse(d.GetProperty("body").GetString()!).RootElement)
            .GroupBy(b => b.GetProperty("objectId").GetString()!)
            .ToDictionary(g => g.Key, g => g.Select(b => b.GetProperty("sequence").GetInt32()).ToList());

    private static async Task<List<JsonElement>> DeadLettersAsync(TenantClient tenant, string endpointId)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await tenant.Http.GetFromJsonAsync<JsonElement>(
                $"/v1/dead-letters?endpointId={endpointId}&limit=500{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            all.AddRange(page.GetProperty("data").EnumerateArray().Select(d => d.Clone()));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }
}

[Collection(RedisCollection.Name)]
public sealed class OrderingChaosOnRedisTests(RedisFixture store, ITestOutputHelper output) : OrderingChaosTests(store, output)
{
    protected override int Orders => 300;
}

[Collection(GarnetCollection.Name)]
public sealed class OrderingChaosOnGarnetTests(GarnetFixture store, ITestOutputHelper output) : OrderingChaosTests(store, output)
{
    protected override int Orders => 300;
}
