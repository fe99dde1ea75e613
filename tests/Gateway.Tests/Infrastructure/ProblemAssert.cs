using System.Net;
using System.Text.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>Checks that a response is an RFC 9457 problem with the expected status.</summary>
public static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The <c>path</c> of every entry of the problem's <c>errors</c>.</summary>
    public static IReadOnlyList<string?> ErrorPaths(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString())];
}
