using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Delivery;

/// <summary>Secrets, API keys and bodies never appear in logs, even at Trace level and on failures.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class LogHygieneTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Logs_NeverContainSecretsKeysOrBodies()
    {
        Receiver.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/logs"), new { secret });
        var doc = Events.Order(email: "very-private-customer@example.com");
        await SendAsync(tenant, doc);
        await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}"),
            d => d.GetProperty("data").GetArrayLength() == 1);
        await tenant.Http.PostAsJsonAsync("/v1/events", new { subject = "order", type = "completed" }); // a refused event

        // Message, structured values and exception: everything a log sink could write.
        var lines = Factory.Logs.GetSnapshot()
            .Select(r => $"{r.Level} {r.Category}: {r.Message} [{string.Join(";", r.StructuredState ?? [])}] {r.Exception}")
            .ToArray();
        Assert.NotEmpty(lines);
        Assert.Contains(lines, l => l.Contains("dead-lettered", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            Assert.DoesNotContain(secret, line);
            Assert.DoesNotContain(secret["whsec_".Length..], line);
            Assert.DoesNotContain(tenant.ApiKey, line);
            Assert.DoesNotContain(GatewayFactory.AdminKey, line);
            Assert.DoesNotContain("very-private-customer", line);
        }
    }
}
