using System.Text;
using System.Text.RegularExpressions;
using Gateway.Delivery;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Tests.Ingestion;

/// <summary>
/// On a single server an event is stored and queued in one call (accept-queue.lua); the cluster's path is the accept,
/// then one queue call per target. Both must leave the same queues, groups, index marks and event record behind.
/// </summary>
public abstract class SingleCallAcceptTests(StoreFixture store)
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Accept_OneCallAndPerTargetPaths_LeaveTheSameState()
    {
        var single = await AcceptTwiceAsync(singleCall: true);
        var perTarget = await AcceptTwiceAsync(singleCall: false);

        Assert.Equal(perTarget, single);
        Assert.Contains("ready:msg_", single, StringComparison.Ordinal);
        Assert.Contains("sched:msg_", single, StringComparison.Ordinal);
        Assert.Contains("g:", single, StringComparison.Ordinal); // the second event of the group waits behind the first
        Assert.Contains("active:ep_", single, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_SameIdempotencyKeyTwice_QueuesOnceAndAnswersTheFirstEvent()
    {
        using var redis = Store(singleCall: true, out var keys);
        var acceptor = Acceptor(redis, singleCall: true);
        var target = Endpoint("ep_idem0000000000000000");

        var first = await acceptor.AcceptAsync(Submission([target], "key-1"));
        var again = await acceptor.AcceptAsync(Submission([target], "key-1"));

        Assert.Equal(AcceptStatus.Accepted, first.Status);
        Assert.Equal(AcceptStatus.Replayed, again.Status);
        Assert.Equal(first.EventId, again.EventId);
        Assert.Equal(1, await redis.Database.ListLengthAsync(keys.Ready(target.Id)));
    }

    // Accepts two events of one ordered group plus a delayed and a plain target, then dumps every key under the prefix
    // (ids and times made neutral), so the two paths can be compared as text.
    private async Task<string> AcceptTwiceAsync(bool singleCall)
    {
        using var redis = Store(singleCall, out var keys);
        Assert.True(redis.IsSingleServer || !singleCall);
        var acceptor = Acceptor(redis, singleCall);
        var plain = Endpoint("ep_plain000000000000000");
        var delayed = Endpoint("ep_delay000000000000000") with { DelaySeconds = 60 };
        var ordered = Endpoint("ep_order000000000000000");
        var groups = new Dictionary<string, string> { [ordered.Id] = "ORD-1|a:b%c,d" };
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var outcome = await acceptor.AcceptAsync(Submission([plain, delayed, ordered], null, groups));
            Assert.Equal(AcceptStatus.Accepted, outcome.Status);
            ids.Add(outcome.EventId);
        }

        var lines = new List<string>();
        var server = redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]);
        await foreach (var key in server.KeysAsync(pattern: keys.Prefix + ":*"))
        {
            var name = Neutral((string)key!, keys.Prefix, ids);
            if (name.EndsWith(":pending", StringComparison.Ordinal))
            {
                continue; // the per-target path's fan-out mark, cleared in the background
            }

            var type = await redis.Database.KeyTypeAsync(key);
            IEnumerable<string> values = type switch
            {
                RedisType.List => (await redis.Database.ListRangeAsync(key)).Select(v => (string)v!),
                RedisType.SortedSet => (await redis.Database.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}={e.Score}"),
                RedisType.Hash => (await redis.Database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}").Order(StringComparer.Ordinal),
                _ => [(string)(await redis.Database.StringGetAsync(key))!],
            };
            lines.AddRange(values.Select(v => $"{name}:{Neutral(v, keys.Prefix, ids)}"));
        }

        return string.Join('\n', lines.Order(StringComparer.Ordinal));
    }

    private static string Neutral(string text, string prefix, List<string> eventIds)
    {
        text = text.Replace(prefix, "P", StringComparison.Ordinal);
        for (var i = 0; i < eventIds.Count; i++)
        {
            text = text.Replace(eventIds[i][4..], $"E{i}", StringComparison.Ordinal);
        }

        // Each event lands in a random ingestion shard: its key's hash tag and the first field of its queued messages.
        return Regex.Replace(Regex.Replace(text, @"\{in:\d+\}", "{in:S}"), @"\b\d+\|evt_E", "S|evt_E");
    }

    private RedisStore Store(bool singleCall, out RedisKeys keys)
    {
        var redis = new RedisStore(Options.Create(new RedisOptions
        {
            Configuration = store.Configuration, KeyPrefix = $"gwa-{Guid.NewGuid():N}", SingleCallAccept = singleCall,
        }));
        _ = redis.Database.Ping();
        keys = redis.Keys;
        return redis;
    }

    private static EventAcceptor Acceptor(RedisStore redis, bool singleCall)
    {
        var delivery = Options.Create(new DeliveryOptions());
        return new EventAcceptor(
            redis, new DeliveryQueue(redis, delivery), new EventBodyCache(), new PendingFanoutMarks(redis, NullLogger<PendingFanoutMarks>.Instance),
            new FakeTimeProvider(Now), Options.Create(new EngineOptions()), delivery,
            Options.Create(new RedisOptions { SingleCallAccept = singleCall }), NullLogger<EventAcceptor>.Instance);
    }

    private static WebhookEndpoint Endpoint(string id) => new()
    {
        Id = id, TenantId = "t_accept", Url = "http://127.0.0.1:9/hook", EventTypes = ["*"], Secret = "whsec_dGVzdA==",
    };

    private static EventSubmission Submission(IReadOnlyList<WebhookEndpoint> targets, string? idempotencyKey, IReadOnlyDictionary<string, string>? groups = null) =>
        new("t_accept", "order.completed", Encoding.UTF8.GetBytes("""{"subject":"order","type":"completed"}"""), idempotencyKey, "hash", targets, groups);
}

[Collection(RedisCollection.Name)]
public sealed class SingleCallAcceptOnRedisTests(RedisFixture store) : SingleCallAcceptTests(store);

[Collection(GarnetCollection.Name)]
public sealed class SingleCallAcceptOnGarnetTests(GarnetFixture store) : SingleCallAcceptTests(store);
