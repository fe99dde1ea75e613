using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Logs;

/// <summary>Reads of the logs and stats API for tests.</summary>
internal static class LogsApiClient
{
    public static async Task<JsonElement> GetAsync(this TenantClient tenant, string url)
    {
        var response = await tenant.Http.GetAsync(url);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    /// <summary>Every page of a log listing, following <c>nextCursor</c>.</summary>
    public static async Task<List<JsonElement>> AllPagesAsync(this TenantClient tenant, string url, int limit)
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        var separator = url.Contains('?') ? '&' : '?';
        for (var page = 0; page < 100; page++)
        {
            var body = await tenant.GetAsync($"{url}{separator}limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var data = body.GetProperty("data").EnumerateArray().ToList();
            Assert.True(data.Count <= limit);
            all.AddRange(data);
            if (!body.TryGetProperty("nextCursor", out var next) || next.ValueKind == JsonValueKind.Null)
            {
                return all;
            }

            cursor = next.GetString();
        }

        Assert.Fail("The listing did not end within 100 pages.");
        return all;
    }

    public static long Long(this JsonElement element, string name) => element.GetProperty(name).GetInt64();
}
