using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Ingestion;

/// <summary><c>Gateway:TenantEventsPerSecond</c> holds for the cluster, not per process.</summary>
[Collection(RedisCollection.Name)]
public sealed class ClusterRateLimitTests(RedisFixture store, ITestOutputHelper output) : GatewayTestBase(store)
{
    private const int Rate = 40;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Gateway:TenantEventsPerSecond"] = Rate.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public async Task Ingest_TwoProcessesOneTenant_CombinedAcceptedRateIsTheLimit()
    {
        await using var twin = new GatewayFactoryTwin(Factory, Store, Settings);
        var tenant = await Factory.CreateTenantAsync();
        HttpClient[] clients = [tenant.Http, ClientOf(twin.Factory, tenant.ApiKey)];

        // Both hosts started and warm, then the one-second burst spent, so the window below sees only the sustained rate.
        foreach (var client in clients)
        {
            for (var i = 0; i < 5; i++)
            {
                (await client.PostAsJsonAsync("/v1/events", Events.Order("completed"))).Dispose();
            }
        }

        while ((await clients[0].PostAsJsonAsync("/v1/events", Events.Order("completed"))).StatusCode == HttpStatusCode.Accepted)
        {
        }

        var window = TimeSpan.FromSeconds(5);
        var watch = Stopwatch.StartNew();
        var accepted = new int[clients.Length];
        var refused = new int[clients.Length];
        await Task.WhenAll(clients.SelectMany((client, c) => Enumerable.Range(0, 3).Select(async _ =>
        {
            while (watch.Elapsed < window)
            {
                using var response = await client.PostAsJsonAsync("/v1/events", Events.Order("completed"));
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted[c]);
                }
                else
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
                    Assert.NotNull(response.Headers.RetryAfter);
                    Interlocked.Increment(ref refused[c]);
                    await Task.Delay(5);
                }
            }
        })));

        var rate = accepted.Sum() / watch.Elapsed.TotalSeconds;
        var detail = $"accepted {string.Join(" + ", accepted)} in {watch.Elapsed.TotalSeconds:F2} s = {rate:F1}/s (limit {Rate}/s); refused {string.Join(" + ", refused)}";
        output.WriteLine(detail);
        Assert.True(Math.Abs(rate - Rate) <= Rate * 0.10, detail);
        Assert.All(accepted, a => Assert.True(a > 0, "both processes accepted events: " + detail));
        Assert.All(refused, r => Assert.True(r > 0, "both processes were pushing past the limit: " + detail));
    }

    private static HttpClient ClientOf(GatewayFactory factory, string apiKey)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}
