using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Signing;
using Gateway.Delivery.Storage;
using Gateway.Endpoints;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

/// <summary>The SSRF rule holds at connect time too: a URL that now resolves to a private address is never reached.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class ConnectTimeSsrfTests(RedisFixture store) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:AllowPrivateNetworks"] = "false",
        ["Delivery:RetrySchedule"] = "00:00:00.050",
    };

    [Fact]
    public async Task Deliver_UrlResolvingToLoopback_IsBlockedAtConnectTime()
    {
        var tenant = await Factory.CreateTenantAsync();
        // As if DNS changed after registration (rebinding): store the endpoint directly, bypassing the registration check.
        var endpoints = Factory.Services.GetRequiredService<EndpointStore>();
        var endpoint = new WebhookEndpoint
        {
            Id = Ids.New("ep"),
            TenantId = tenant.Id,
            Url = Receiver.Url("/rebound").Replace("127.0.0.1", "localhost"),
            EventTypes = ["*"],
            Secret = WebhookSecret.Generate(),
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        await endpoints.SaveAsync(endpoint);
        await SendAsync(tenant);

        var attempts = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpoint.Id}/attempts"),
            a => a.GetProperty("data").GetArrayLength() == 2);
        Assert.All(attempts.GetProperty("data").EnumerateArray(), a => Assert.Equal("ssrf_blocked", a.GetProperty("outcome").GetString()));
        Assert.Empty(Receiver.Requests);
    }
}
