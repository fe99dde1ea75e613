using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Cluster;

/// <summary>
/// Two <c>api</c> processes and two <c>worker</c> processes (<c>Gateway:Roles</c>) share one Redis Cluster: events sent
/// through either API are delivered to every endpoint, and a worker killed with SIGKILL mid-run loses nothing.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class ProcessRolesTests(ClusterFixture cluster)
{
    [Fact]
    public async Task TwoApisTwoWorkers_OneWorkerKilledMidRun_EveryEventDeliveredToEveryEndpoint()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = async (_, _) =>
        {
            await Task.Delay(100); // keep deliveries in flight, so the kill catches some
            return Results.Ok();
        };
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var shared = new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = prefix,
            ["Delivery:RequestTimeout"] = "00:00:03",
            ["Delivery:LeaseMargin"] = "00:00:01",
            ["Delivery:RetrySchedule"] = "00:00:00.100,00:00:00.100,00:00:00.100",
            ["Delivery:PollInterval"] = "00:00:00.500",
            ["Delivery:Jitter"] = "0",
        };
        var starting = new[] { "api", "api", "worker", "worker" }
            .Select(role => GatewayProcess.StartReadyAsync(cluster, new Dictionary<string, string?>(shared) { ["Gateway:Roles"] = role }))
            .ToList();
        var processes = await Task.WhenAll(starting);
        try
        {
            var (api1, api2, worker1) = (processes[0], processes[1], processes[2]);
            using var admin1 = await api1.CreateTenantClientAsync("roles");
            using var client2 = new HttpClient { BaseAddress = new Uri(api2.BaseUrl) };
            client2.DefaultRequestHeaders.Authorization = admin1.DefaultRequestHeaders.Authorization;
            var endpoints = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                using var created = await admin1.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url($"/r{i}"), eventTypes = new[] { "*" } });
                Assert.True(created.IsSuccessStatusCode);
                endpoints.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            const int events = 60;
            var eventIds = new List<string>();
            for (var i = 0; i < events; i++)
            {
                var api = i % 2 == 0 ? admin1 : client2;
                using var response = await api.PostAsJsonAsync("/v1/events", Events.Order());
                Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
                eventIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
                if (i == events / 3)
                {
                    await receiver.WaitForAsync(r => r.Count >= 10);
                    worker1.Crash();
                }
            }

            var expected = eventIds.SelectMany(e => endpoints.Select(ep => Ids.Message(e, ep))).ToHashSet();
            var seen = await receiver.WaitForAsync(r => expected.IsSubsetOf(r.Select(x => x.Id)), TimeSpan.FromSeconds(45));
            Assert.True(worker1.HasExited);
            Assert.DoesNotContain(seen, r => !expected.Contains(r.Id));
            // At least once: only what the killed worker had in flight may arrive twice (its leases expired).
            var duplicates = seen.Count - seen.Select(r => r.Id).Distinct().Count();
            Assert.True(duplicates <= 3 * 10, $"{duplicates} duplicates");
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
