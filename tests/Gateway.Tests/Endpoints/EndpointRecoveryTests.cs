using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Recovery;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Endpoints;

/// <summary>
/// <c>POST /v1/endpoints/{id}/recover</c> on a fake clock: the failed messages of the window (a dead letter and one
/// waiting for its retry) go again at once with their <c>webhook-id</c>, one outside the window stays a dead letter,
/// a message whose body has left Redis is listed as not recoverable, and the tenant is told when it finishes.
/// </summary>
public abstract class EndpointRecoveryTests(StoreFixture store) : FakeClockGatewayTests(store)
{
    private volatile bool _receiverUp;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "01:00:00", // one retry an hour later, then the dead letters
        ["Delivery:BreakerFailureThreshold"] = "1000",
    };

    protected override Func<ReceivedRequest, int, Task<IResult>>? Answer =>
        (r, _) => Task.FromResult(_receiverUp || r.Path.StartsWith("/ops", StringComparison.Ordinal) ? Results.Ok() : Results.StatusCode(503));

    [Fact]
    public async Task Recover_SinceATime_QueuesTheWindowsDeadLetterAndRetryingMessageWithTheirIds()
    {
        var tenant = await Factory.CreateTenantAsync();
        await tenant.CreateEndpointAsync(Receiver.Url("/ops"), ["endpoint.recovered"]);
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/down"), ["order.*"])).GetProperty("id").GetString()!;

        var old = await SendAsync(tenant);                          // before the window: fails, retried, dead-lettered
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var since = Clock.GetUtcNow();
        var dead = await SendAsync(tenant);                         // in the window: will be dead-lettered
        await tenant.WaitForFailedAttemptsAsync(endpointId, 2);
        Clock.Advance(TimeSpan.FromMinutes(61));
        await tenant.WaitForFailedAttemptsAsync(endpointId, 4);
        var retrying = await SendAsync(tenant);                     // in the window: waits an hour for its retry
        await tenant.WaitForFailedAttemptsAsync(endpointId, 5);
        _receiverUp = true;

        var started = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{endpointId}/recover", new { since });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var recoveryId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal($"/v1/endpoints/{endpointId}/recover/{recoveryId}", started.Headers.Location?.OriginalString);
        var progress = await DoneAsync(tenant, endpointId, recoveryId);

        Assert.Equal(2, progress.GetProperty("found").GetInt64());
        Assert.Equal(2, progress.GetProperty("queued").GetInt64());
        Assert.Equal(0, progress.GetProperty("notRecoverable").GetInt64());
        var delivered = await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/down") >= 7);
        var ok = delivered.Where(r => r.Path == "/down").Select(r => r.Id).ToList();
        Assert.Contains(Ids.Message(dead, endpointId), ok.Skip(5));
        Assert.Contains(Ids.Message(retrying, endpointId), ok.Skip(5));
        var letters = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}");
        Assert.Equal([Ids.Message(old, endpointId)], letters.GetProperty("data").EnumerateArray().Select(l => l.GetProperty("id").GetString()));

        var notice = await Receiver.WaitForAsync(r => r.Any(x => x.Path == "/ops" && x.Body.Contains("endpoint", StringComparison.Ordinal)));
        var data = JsonDocument.Parse(notice.First(x => x.Path == "/ops").Body).RootElement.GetProperty("data");
        Assert.Equal(recoveryId, data.GetProperty("recoveryId").GetString());
        Assert.Equal(2, data.GetProperty("queued").GetInt64());
    }

    [Fact]
    public async Task Recover_BodyLeftRedis_ListsTheMessageAsNotRecoverable()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/lost"), ["order.*"])).GetProperty("id").GetString()!;
        var since = Clock.GetUtcNow();
        var lost = await SendAsync(tenant);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);
        await Factory.Store.Database.KeyDeleteAsync(Factory.Store.Keys.Event(RedisKeys.ShardOf(lost), lost));

        var started = await (await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{endpointId}/recover", new { since, until = Clock.GetUtcNow() }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var progress = await DoneAsync(tenant, endpointId, started.GetProperty("id").GetString()!);

        Assert.Equal(1, progress.GetProperty("found").GetInt64());
        Assert.Equal(0, progress.GetProperty("queued").GetInt64());
        Assert.Equal([Ids.Message(lost, endpointId)], progress.GetProperty("notRecoverableIds").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Start_SameWindowWhileRunning_AnswersTheRunningRecovery()
    {
        var recovery = Factory.Services.GetRequiredService<EndpointRecovery>();
        var endpointId = "ep_" + Guid.NewGuid().ToString("N");
        var window = new RecoveryWindow(1_000, 2_000, IsOpen: false);

        var (first, started) = await recovery.StartAsync(endpointId, window);
        var (second, again) = await recovery.StartAsync(endpointId, window);
        var (other, otherStarted) = await recovery.StartAsync(endpointId, window with { UntilMs = 3_000 });

        Assert.True(started);
        Assert.False(again);
        Assert.Equal(first.Id, second.Id);
        Assert.True(otherStarted);
        Assert.NotEqual(first.Id, other.Id);
    }

    private async Task<string> SendAsync(TenantClient tenant)
    {
        using var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<JsonElement> DoneAsync(TenantClient tenant, string endpointId, string recoveryId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var progress = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/recover/{recoveryId}");
            if (progress.GetProperty("done").GetBoolean() || DateTime.UtcNow > deadline)
            {
                Assert.True(progress.GetProperty("done").GetBoolean(), progress.ToString());
                return progress;
            }

            await Task.Delay(50);
        }
    }
}

[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointRecoveryOnRedisTests(RedisFixture store) : EndpointRecoveryTests(store);

[Collection(ClusterCollection.Name)]
public sealed class EndpointRecoveryOnClusterTests(ClusterFixture store) : EndpointRecoveryTests(store);
