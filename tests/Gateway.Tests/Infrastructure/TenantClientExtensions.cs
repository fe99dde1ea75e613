using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>API calls most tests need.</summary>
public static class TenantClientExtensions
{
    /// <summary>Creates an endpoint; <paramref name="extra"/>'s properties are added to (or replace those of) the request.</summary>
    public static async Task<JsonElement> CreateEndpointAsync(this TenantClient tenant, string url, string[] eventTypes, object? extra = null)
    {
        var body = new JsonObject { ["url"] = url, ["eventTypes"] = JsonSerializer.SerializeToNode(eventTypes) };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Waits until the endpoint's failed attempts are settled in Redis. A test on a fake clock moves it only
    /// then: moving it past the lease of a delivery still in flight would (rightly) hand that message out again.</summary>
    public static async Task WaitForFailedAttemptsAsync(this TenantClient tenant, string endpointId, long failed)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long seen;
        while ((seen = (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats")).GetProperty("failedAttempts").GetInt64()) != failed
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(failed, seen);
    }

    /// <summary>
    /// Waits until the endpoint has nothing ready, scheduled or in flight: after that no delivery of what was queued
    /// can still come, so a test may count what arrived (a message waiting behind a paused ordered group stays put).
    /// </summary>
    public static Task WaitForIdleAsync(this TenantClient tenant, string endpointId) =>
        Until.TrueAsync(async () =>
        {
            var stats = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats");
            return stats.GetProperty("ready").GetInt64() == 0 && stats.GetProperty("scheduled").GetInt64() == 0 && stats.GetProperty("inFlight").GetInt64() == 0;
        }, TimeSpan.FromSeconds(30), $"endpoint {endpointId} is idle");
}
