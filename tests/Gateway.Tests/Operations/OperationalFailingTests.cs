using System.Net.Http.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Operations;

/// <summary><c>endpoint.failing</c>: sent once an endpoint's breaker has stayed open longer than
/// <c>Delivery:FailingNoticeAfter</c>, at most once per window, never to the failing endpoint itself. On a fake clock.</summary>
[Collection(RedisCollection.Name)]
public sealed class OperationalFailingTests(RedisFixture store) : FakeClockGatewayTests(store)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "01:00:00,01:00:00,01:00:00",
        ["Delivery:BreakerFailureThreshold"] = "3",
        ["Delivery:BreakerBreakDuration"] = "00:00:30",
        ["Delivery:FailingNoticeAfter"] = "00:01:00",
        ["Delivery:FailingNoticeInterval"] = "1.00:00:00",
        ["Delivery:DisableAfter"] = "00:10:00",
    };

    protected override Func<ReceivedRequest, int, Task<IResult>> Answer =>
        (r, _) => Task.FromResult(r.Path == "/down" ? Results.StatusCode(503) : Results.Ok());

    [Fact]
    public async Task Operational_BreakerOpenLongerThanFailingNoticeAfter_TenantGetsOneEndpointFailing_NotTheFailingEndpoint()
    {
        var tenant = await Factory.CreateTenantAsync();
        var ops = await tenant.CreateEndpointAsync(Receiver.Url("/ops"), ["endpoint.failing"]);
        // The failing endpoint subscribes to endpoint.* too: it must not be told about itself.
        var down = (await tenant.CreateEndpointAsync(Receiver.Url("/down"), ["order.*", "endpoint.*"])).GetProperty("id").GetString()!;
        var breaker = Factory.Services.GetRequiredService<EndpointBreakers>().For(down, tenant.Id);
        for (var i = 0; i < 3; i++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        }

        await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/down") == 3);
        await Until.TrueAsync(() => breaker.State.CircuitState == CircuitState.Open);
        await tenant.WaitForFailedAttemptsAsync(down, 3);
        var openedAt = Clock.GetUtcNow();

        // 31 s and 62 s: probes fail, the circuit re-opens, but it has not been open a minute yet.
        for (var probe = 1; probe <= 2; probe++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
            // The new message is released until the break ends. It stays ready, and nothing outside the pump shows that
            // the pump has seen it and set its wake-up on the fake clock; moving the clock first would set it a break
            // later. So a real-time pause stands here (tried: a wait on the endpoint's stats has nothing to wait for).
            await Task.Delay(300);
            Clock.Advance(TimeSpan.FromSeconds(31));
            await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/down") == 3 + probe);
            await tenant.WaitForFailedAttemptsAsync(down, 3 + probe);
            if (probe == 1)
            {
                // An absence, which nothing signals: a notice would be emitted right after the probe's settle and
                // reach the receiver within milliseconds; 300 ms of real time lets one that should not exist show.
                await Task.Delay(300);
                Assert.DoesNotContain(Receiver.Requests, r => r.Path == "/ops");
            }
        }

        var all = await Receiver.WaitForAsync(r => r.Any(x => x.Path == "/ops"));
        var notice = all.Single(x => x.Path == "/ops");
        Assert.True(SignedDelivery.Verify(ops.GetProperty("secret").GetString()!, notice, Clock));
        Assert.Equal("endpoint.failing", OperationalEventsTests.Type(notice));
        var data = OperationalEventsTests.Data(notice);
        Assert.Equal(down, data.GetProperty("endpointId").GetString());
        Assert.Equal(503, data.GetProperty("lastStatus").GetInt32());
        Assert.InRange(data.GetProperty("failingSince").GetDateTimeOffset(), openedAt.AddSeconds(-5), openedAt.AddSeconds(1));
        OperationalEventsTests.Valid("endpoint.failing", notice);

        // Still failing a while later: no second notice within the window.
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Task.Delay(300); // as above: the pump sets its wake-up for the break's end before the clock moves
        Clock.Advance(TimeSpan.FromSeconds(31));
        await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/down") == 6);
        await tenant.WaitForFailedAttemptsAsync(down, 6);
        await Task.Delay(500); // an absence again: a second notice would follow the settle at once; 500 ms lets it show
        Assert.Single(Receiver.Requests, r => r.Path == "/ops");
        Assert.All(Receiver.Requests.Where(r => r.Path == "/down"), r => Assert.Equal("order", OperationalEventsTests.Document(r).GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task Operational_FailingLongerThanDisableAfter_TenantGetsEndpointDisabledWithTriggerFailing()
    {
        var tenant = await Factory.CreateTenantAsync();
        var ops = await tenant.CreateEndpointAsync(Receiver.Url("/ops"), ["endpoint.disabled"]);
        var down = (await tenant.CreateEndpointAsync(Receiver.Url("/down"), ["order.*"])).GetProperty("id").GetString()!;
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/down") == 1);
        await tenant.WaitForFailedAttemptsAsync(down, 1);

        Clock.Advance(TimeSpan.FromMinutes(61)); // the retry fails too, an hour after the first failure: past DisableAfter

        var all = await Receiver.WaitForAsync(r => r.Any(x => x.Path == "/ops"));
        var notice = all.Single(x => x.Path == "/ops");
        Assert.True(SignedDelivery.Verify(ops.GetProperty("secret").GetString()!, notice, Clock));
        var data = OperationalEventsTests.Data(notice);
        Assert.Equal(down, data.GetProperty("endpointId").GetString());
        Assert.Equal("failing", data.GetProperty("trigger").GetString());
        Assert.Contains("every attempt has failed since", data.GetProperty("reason").GetString());
        var endpoint = await tenant.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/endpoints/{down}");
        Assert.Equal(endpoint.GetProperty("disabledReason").GetString(), data.GetProperty("reason").GetString());
    }
}
