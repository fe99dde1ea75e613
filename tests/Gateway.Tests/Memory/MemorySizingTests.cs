using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Gateway.Tests.Memory;

/// <summary>
/// Measures what the README's sizing table quotes, with <c>MEMORY USAGE key SAMPLES 0</c> on real keys written by the
/// real gateway, and prints it: <c>dotnet test tests/Gateway.Tests -c Release --filter FullyQualifiedName~MemorySizing
/// --logger "console;verbosity=detailed"</c>.
/// </summary>
public sealed class MemorySizingTests(ITestOutputHelper output)
{
    private const int Messages = 1000;

    [Fact]
    public async Task Sizing_MeasuredWithMemoryUsage_PrintsBytesPerItemAndRamPer1000EventsPerSecond()
    {
        await using var redis = await ScratchRedis.StartAsync("sizing");
        await using var receiver = await Receiver.StartAsync();
        var prefix = "gw";
        var seed = SchemaSamples.Text("order.completed");
        var seedBytes = Encoding.UTF8.GetByteCount(seed);

        // Phase 1, no workers: events wait in the queue, so the queue and event keys hold exactly what a backlog costs.
        string endpoint;
        var eventIds = new List<string>();
        await using (var api = new GatewayFactory(redis.Store, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "api" }))
        {
            var tenant = await api.CreateTenantAsync();
            endpoint = (await tenant.CreateEndpointAsync(receiver.Url("/sizing"), ["*"])).GetProperty("id").GetString()!;
            for (var i = 0; i < Messages; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(seed, Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", $"order-{i:D6}-completed");
                var response = await tenant.Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                eventIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }
        }

        var keys = new RedisKeys(prefix);
        var db = redis.Admin.GetDatabase();
        var eventHash = await UsageAsync(db, keys.Event(RedisKeys.ShardOf(eventIds[0]), eventIds[0]));
        var idempotency = await UsageAsync(db, (await FindAsync(redis, $"{prefix}:*:idem:*"))[0]);
        var queued = (await UsageAsync(db, keys.Messages(endpoint)) + await UsageAsync(db, keys.Ready(endpoint))) / (double)Messages;

        // Phase 2, workers deliver every one (the receiver answers 200): the attempt log fills, the bodies go.
        await using (var worker = new GatewayFactory(redis.Store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "worker", ["Gateway:PayloadRetention"] = "00:00:00",
        }))
        {
            _ = worker.Server;
            await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == Messages, TimeSpan.FromSeconds(60));
            // The last step of each settle: its body goes (after the attempt is logged and the target marked done).
            await Until.TrueAsync(async () => (await FindAsync(redis, $"{prefix}:*:ev:*")).Count == 0, TimeSpan.FromSeconds(30), "every event hash is gone");
        }

        var attemptLog = await UsageAsync(db, keys.Attempts(endpoint));
        var logEntry = attemptLog / (double)Messages;
        var completionMarker = await UsageAsync(db, keys.Completed(endpoint)) / (double)Messages;
        // Every seed event carries the same objectId: one order with 1,000 attempts at one endpoint, one index key.
        var objectId = Gateway.Delivery.Logs.OrderIndex.ObjectIdOf(Encoding.UTF8.GetBytes(seed))!;
        var orderIndexEntry = await UsageAsync(db, keys.OrderIndex(endpoint, Gateway.Delivery.Logs.OrderIndex.KeyOf(objectId))) / (double)Messages;
        var bodiesLeft = (await FindAsync(redis, $"{prefix}:*:ev:*")).Count;

        const double rate = 1000;
        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"seed order body: {seedBytes} B of JSON")
            .AppendLine(CultureInfo.InvariantCulture, $"event hash (body + metadata + 1 target mark): {eventHash} B")
            .AppendLine(CultureInfo.InvariantCulture, $"queued message (msg hash field + ready list entry, {Messages} queued): {queued:F0} B")
            .AppendLine(CultureInfo.InvariantCulture, $"idempotency record: {idempotency} B")
            .AppendLine(CultureInfo.InvariantCulture, $"attempt log entry ({Messages} entries): {logEntry:F0} B")
            .AppendLine(CultureInfo.InvariantCulture, $"completion marker ({Messages} in the done set): {completionMarker:F0} B")
            .AppendLine(CultureInfo.InvariantCulture, $"order index entry ({Messages} attempts of one order at one endpoint, one key): {orderIndexEntry:F0} B")
            .AppendLine(CultureInfo.InvariantCulture, $"event hashes left after delivery with PayloadRetention 0: {bodiesLeft}");
        foreach (var (name, seconds) in new[] { ("0 (dropped at delivery)", 1.0), ("5 min", 300.0), ("1 h (default)", 3600.0), ("4 days (before: EventRetention)", 4 * 86400.0) })
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"1,000 events/s, 1 endpoint each, PayloadRetention {name}: bodies {rate * seconds * eventHash / 1e9:F2} GB");
        }

        table.AppendLine(CultureInfo.InvariantCulture, $"1,000 events/s, each with an Idempotency-Key kept 24 h: {rate * 86400 * idempotency / 1e9:F2} GB");
        table.AppendLine(CultureInfo.InvariantCulture, $"1,000 events/s, completion markers over the default 2 min window: {rate * 120 * completionMarker / 1e6:F1} MB");
        table.AppendLine(CultureInfo.InvariantCulture, $"backlog: 1 minute of 1,000 events/s undelivered at 1 endpoint: {60 * rate * (queued + eventHash) / 1e6:F1} MB");
        output.WriteLine(table.ToString());

        Assert.Equal(0, bodiesLeft);
        Assert.InRange(eventHash, seedBytes, seedBytes * 2);
        Assert.InRange(queued, 50, 400);
        Assert.InRange(logEntry, 100, 2000);
        Assert.InRange(orderIndexEntry, 20, 300);
    }

    private static async Task<long> UsageAsync(IDatabase db, string key)
    {
        var result = await db.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        Assert.False(result.IsNull, $"{key} does not exist");
        return (long)result;
    }

    private static async Task<List<string>> FindAsync(ScratchRedis redis, string pattern)
    {
        var found = new List<string>();
        await foreach (var key in redis.AdminServer.KeysAsync(pattern: pattern))
        {
            found.Add(key!);
        }

        return found;
    }
}
