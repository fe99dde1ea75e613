using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Destinations;

/// <summary>Creating endpoints of any kind, and reading their attempts and dead letters.</summary>
internal static class DestinationTestHelpers
{
    public static async Task<JsonElement> CreateAsync(TenantClient tenant, object body)
    {
        using var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", body);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, created.ToString());
        return created;
    }

    public static async Task<JsonElement> GetAsync(TenantClient tenant, string path)
    {
        using var response = await tenant.Http.GetAsync(path);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body;
    }

    /// <summary>The endpoint's attempt log, oldest first.</summary>
    public static async Task<List<JsonElement>> AttemptsAsync(TenantClient tenant, string endpointId)
    {
        var page = await GetAsync(tenant, $"/v1/endpoints/{endpointId}/attempts");
        return [.. page.GetProperty("data").EnumerateArray().Reverse()];
    }

    public static async Task<JsonElement> WaitForDeadLetterAsync(TenantClient tenant, string endpointId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var page = await GetAsync(tenant, $"/v1/dead-letters?endpointId={endpointId}");
            if (page.GetProperty("data").GetArrayLength() > 0)
            {
                return page.GetProperty("data")[0];
            }

            await Task.Delay(50);
        }

        Assert.Fail($"No dead letter at {endpointId}.");
        return default;
    }

    public static async Task ReplayAsync(TenantClient tenant, string deadLetterId)
    {
        using var response = await tenant.Http.PostAsync($"/v1/dead-letters/{deadLetterId}/replay", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }
}
