using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Edge;

/// <summary>
/// The edge in front of two API processes, one of them killed with SIGKILL under load: the edge stops routing to it
/// within the health-check interval, requests caught in the kill fail fast with 502/503, and every event the client
/// saw accepted is delivered.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class EdgeApiKillTests(ClusterFixture store, ITestOutputHelper output)
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ApiProcessKilled_EdgeRoutesAroundIt_FailuresAreFast_AndAcceptedEventsAreDelivered()
    {
        await using var receiver = await Receiver.StartAsync();
        var shared = new Dictionary<string, string?> { ["Redis:KeyPrefix"] = "t" + Guid.NewGuid().ToString("N")[..10] };
        var processes = await Task.WhenAll(new[] { "api", "api", "worker" }
            .Select(role => GatewayProcess.StartReadyAsync(store, new Dictionary<string, string?>(shared) { ["Gateway:Roles"] = role })));
        try
        {
            var (doomed, survivor) = (processes[0], processes[1]);
            await using var edge = await EdgeHost.StartAsync([doomed.BaseUrl, survivor.BaseUrl], new Dictionary<string, string?>
            {
                ["Edge:HealthCheckInterval"] = s_interval.ToString(),
                ["Edge:HealthCheckTimeout"] = "00:00:00.500",
            });
            using var admin = new HttpClient { BaseAddress = new Uri(edge.BaseUrl) };
            admin.DefaultRequestHeaders.Authorization = new("Bearer", GatewayFactory.AdminKey);
            var tenant = await (await admin.PostAsJsonAsync("/admin/tenants", new { name = "edge" })).Content.ReadFromJsonAsync<JsonElement>();
            using var client = new HttpClient { BaseAddress = new Uri(edge.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
            client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.GetProperty("apiKey").GetString());
            var created = await (await client.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/edge"), eventTypes = new[] { "*" } })).Content.ReadFromJsonAsync<JsonElement>();
            var endpointId = created.GetProperty("id").GetString()!;

            for (var i = 0; i < 10; i++)
            {
                // Warm both API processes up (JIT, connections), so the timings below are about the kill.
                (await client.PostAsJsonAsync("/v1/events", Events.Order())).EnsureSuccessStatusCode();
            }

            var clock = Stopwatch.StartNew();
            var killAt = TimeSpan.FromSeconds(2); // a kill schedule: the senders run 2 s against both APIs first
            var results = new ConcurrentBag<(TimeSpan Start, TimeSpan Took, HttpStatusCode Status, string? EventId)>();
            var killer = Task.Run(async () =>
            {
                await Task.Delay(killAt);
                doomed.Crash();
            });
            var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(6))
                {
                    var start = clock.Elapsed;
                    using var response = await client.PostAsJsonAsync("/v1/events", Events.Order());
                    string? id = null;
                    if (response.StatusCode == HttpStatusCode.Accepted)
                    {
                        id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                    }

                    results.Add((start, clock.Elapsed - start, response.StatusCode, id));
                    await Task.Delay(50);
                }
            })).ToList();
            await Task.WhenAll(senders);
            await killer;

            var failures = results.Where(r => r.Status != HttpStatusCode.Accepted).ToList();
            output.WriteLine($"{results.Count} requests, {failures.Count} failed ({string.Join(", ", failures.GroupBy(f => (int)f.Status).Select(g => $"{g.Key}×{g.Count()}"))}), " +
                $"slowest failure {(failures.Count == 0 ? 0 : failures.Max(f => f.Took.TotalMilliseconds)):0} ms, last failure started {(failures.Count == 0 ? 0 : failures.Max(f => f.Start.TotalSeconds)):0.00} s (kill at {killAt.TotalSeconds} s)");
            Assert.All(failures, f => Assert.Contains(f.Status, new[] { HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable }));
            // Fail fast: within 2 s of the kill for a request already in flight, of its start for a later one.
            Assert.All(failures, f => Assert.True(f.Start + f.Took - (f.Start > killAt ? f.Start : killAt) < TimeSpan.FromSeconds(2), $"a failed request started at {f.Start} took {f.Took}"));
            // Nothing fails before the kill, and once a probe has seen the process gone (one interval, plus the probe
            // timeout and slack for requests already on their way), nothing is routed to it any more.
            Assert.All(failures, f => Assert.InRange(f.Start, killAt - TimeSpan.FromMilliseconds(100), killAt + s_interval + TimeSpan.FromSeconds(1.5)));
            Assert.Contains(results, r => r.Status == HttpStatusCode.Accepted && r.Start > killAt + s_interval + TimeSpan.FromSeconds(1.5));

            var accepted = results.Where(r => r.EventId is not null).Select(r => Ids.Message(r.EventId!, endpointId)).ToHashSet();
            await receiver.WaitForAsync(r => accepted.IsSubsetOf(r.Select(x => x.Id)), TimeSpan.FromSeconds(30));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }
}
