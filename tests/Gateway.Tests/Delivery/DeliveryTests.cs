using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Delivery;

public abstract class DeliveryTests(StoreFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Deliver_HappyPath_SignedStandardWebhook()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (_, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/ok"));
        var doc = Events.Order();
        var eventId = await SendAsync(tenant, doc);

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();

        Assert.StartsWith("msg_", received.Id);
        Assert.DoesNotContain('.', received.Id);
        Assert.True(SignedDelivery.Verify(secret, received), "signature does not verify");
        Assert.True(Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(received.Timestamp)) < 60);
        Assert.Equal(doc.ToJsonString(), received.Body);
        Assert.StartsWith("WebhookGateway/", received.Headers.UserAgent.ToString());
        Assert.Equal("application/json", received.Headers.ContentType.ToString());

        var state = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}"),
            e => e.GetProperty("deliveries")[0].GetProperty("state").GetProperty("status").GetString() == "delivered");
        Assert.Equal(received.Id, state.GetProperty("deliveries")[0].GetProperty("messageId").GetString());
    }
}

[Collection(RedisDeliveryCollection.Name)]
public sealed class DeliveryOnRedisTests(RedisFixture store) : DeliveryTests(store);

[Collection(GarnetCollection.Name)]
public sealed class DeliveryOnGarnetTests(GarnetFixture store) : DeliveryTests(store);

[Collection(ClusterCollection.Name)]
public sealed class DeliveryOnClusterTests(ClusterFixture store) : DeliveryTests(store);

/// <summary>Retries, dead letters, status handling and isolation, on each store.</summary>
public abstract class RetryAndDeadLetterTests(StoreFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Deliver_FailsThreeTimesThenSucceeds_OneSuccessAndFourLoggedAttempts()
    {
        Receiver.Respond = (_, n) => Task.FromResult(n <= 3 ? Results.StatusCode(500) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/flaky"));
        await SendAsync(tenant);

        var seen = await Receiver.WaitForAsync(r => r.Count >= 4);
        await tenant.WaitForIdleAsync(endpointId); // nothing more may arrive after the success

        Assert.Equal(4, Receiver.Requests.Count);
        Assert.Single(seen.Select(r => r.Id).Distinct());
        var attempts = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/attempts"),
            a => a.GetProperty("data").GetArrayLength() == 4);
        var outcomes = attempts.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("outcome").GetString()).ToList();
        Assert.Equal(["success", "http_5xx", "http_5xx", "http_5xx"], outcomes);
        Assert.Equal([4, 3, 2, 1], attempts.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        var stats = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats");
        Assert.Equal(1, stats.GetProperty("sent").GetInt64());
        Assert.Equal(3, stats.GetProperty("failedAttempts").GetInt64());
        Assert.Equal(0, stats.GetProperty("pending").GetInt64());
    }

    [Fact]
    public async Task Deliver_AlwaysFails_DeadLetterHoldsLastError_ReplayAfterHealingDeliversSameId()
    {
        var healed = false;
        Receiver.Respond = (_, _) => Task.FromResult(healed ? Results.Ok() : Results.Text("broken", statusCode: 503));
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/down"));
        var eventId = await SendAsync(tenant);

        var letters = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}"),
            d => d.GetProperty("data").GetArrayLength() == 1);
        var letter = letters.GetProperty("data")[0];
        Assert.Equal(4, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(503, letter.GetProperty("lastStatus").GetInt32());
        Assert.Contains("503", letter.GetProperty("lastError").GetString());
        Assert.Equal(eventId, letter.GetProperty("eventId").GetString());
        var failedId = Receiver.Requests.First().Id;
        Assert.Equal(4, Receiver.Requests.Count);

        healed = true;
        var replay = await tenant.Http.PostAsync($"/v1/dead-letters/{letter.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        var all = await Receiver.WaitForAsync(r => r.Count >= 5);
        var delivered = all.Last();
        Assert.Equal(failedId, delivered.Id);
        Assert.True(SignedDelivery.Verify(secret, delivered));
        var after = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}");
        Assert.Equal(0, after.GetProperty("data").GetArrayLength());
        var again = await tenant.Http.PostAsync($"/v1/dead-letters/{letter.GetProperty("id").GetString()}/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task ReplayAll_RequeuesEveryDeadLetterOfTheEndpoint()
    {
        var healed = false;
        Receiver.Respond = (_, _) => Task.FromResult(healed ? Results.Ok() : Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/bulk"));
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(tenant);
        }

        await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/dead-letters"),
            d => d.GetProperty("data").GetArrayLength() == 3);
        healed = true;
        var replay = await tenant.Http.PostAsync($"/v1/endpoints/{endpointId}/dead-letters/replay", null);
        Assert.Equal(3, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/bulk") >= 15);
        Assert.Equal(3, Receiver.Requests.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Deliver_Gone410_DisablesEndpointWithReason()
    {
        Receiver.Respond = (_, _) => Task.FromResult(Results.StatusCode(410));
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/gone"));
        await SendAsync(tenant);

        var endpoint = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}"),
            e => e.GetProperty("disabled").GetBoolean());
        Assert.Contains("410", endpoint.GetProperty("disabledReason").GetString());
        Assert.Single(Receiver.Requests);

        // A disabled endpoint gets nothing new.
        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, accepted.GetProperty("endpoints").GetArrayLength());
    }

    [Fact]
    public async Task Deliver_SlowEndpoint_DoesNotDelayHealthyOne()
    {
        Receiver.Respond = async (request, _) =>
        {
            if (request.Path == "/slow")
            {
                await Task.Delay(2000); // a deliberately slow receiver: what the healthy endpoint must not wait for
            }

            return Results.Ok();
        };
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/slow"));
        await CreateEndpointAsync(tenant, Receiver.Url("/fast"));

        var latencies = new List<double>();
        for (var i = 0; i < 40; i++)
        {
            var doc = Events.Order();
            var sent = Stopwatch.GetTimestamp();
            var before = Receiver.Requests.Count(r => r.Path == "/fast");
            await SendAsync(tenant, doc);
            await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/fast") > before);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        // The slow endpoint holds 10 requests for 2 s each; the healthy endpoint must not wait behind them.
        Assert.True(p99 < 1000, $"healthy endpoint p99 was {p99:0} ms");
    }
}

[Collection(RedisDeliveryCollection.Name)]
public sealed class RetryAndDeadLetterOnRedisTests(RedisFixture store) : RetryAndDeadLetterTests(store);

[Collection(GarnetCollection.Name)]
public sealed class RetryAndDeadLetterOnGarnetTests(GarnetFixture store) : RetryAndDeadLetterTests(store);

[Collection(ClusterCollection.Name)]
public sealed class RetryAndDeadLetterOnClusterTests(ClusterFixture store) : RetryAndDeadLetterTests(store);
