using System.Net;
using System.Net.Http.Json;
using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Metrics;

/// <summary>What the alert rules need to see while Redis is down: the 503s of ingestion and <c>gateway_redis_up 0</c>.</summary>
public sealed class StoreOutageMetricsTests
{
    [Fact]
    public async Task RedisStopped_IngestionAnswers503_CountedByStatus_AndRedisUpIsZero()
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var port = LocalRedisServer.FreePort();
        var data = Path.Combine(root, ".data", "test", $"outage-{port}");
        var server = await LocalRedisServer.StartAsync(LocalServerKind.Redis, port, data);
        try
        {
            await using var gateway = new GatewayFactory(new DedicatedStore(server));
            var tenant = await gateway.CreateTenantAsync();
            Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).StatusCode);
            using var scraper = gateway.CreateClient();
            Assert.Contains("gateway_redis_up 1\n", await scraper.GetStringAsync("/metrics"));

            await server.StopGracefullyAsync();
            var whileDown = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

            Assert.Equal(HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
            var text = await EventuallyAsync(() => scraper.GetStringAsync("/metrics"), t => t.Contains("gateway_redis_up 0\n", StringComparison.Ordinal));
            Assert.Contains("gateway_ingest_request_duration_seconds_count{route=\"event\",status=\"202\"} 1\n", text);
            Assert.Contains("gateway_ingest_request_duration_seconds_count{route=\"event\",status=\"503\"} 1\n", text);
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // Left for the next run to clear.
            }
        }
    }

    private static async Task<string> EventuallyAsync(Func<Task<string>> read, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            last = await read();
        }

        return last;
    }
}
