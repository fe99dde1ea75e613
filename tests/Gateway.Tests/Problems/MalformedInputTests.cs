using System.Net.Http.Headers;
using System.Text;
using Gateway.Authentication;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Problems;

/// <summary>
/// No client mistake answers 5xx. Every route the app maps (read from its <see cref="EndpointDataSource"/>, so a
/// new route is covered without touching this test) gets malformed ids in each route parameter and bad cursors,
/// limits, dates and ids in every query parameter, with a tenant key and with the admin key.
/// </summary>
[Collection(RedisProblemsCollection.Name)]
public sealed class MalformedInputTests(RedisFixture store) : GatewayTestBase(store)
{
    private static readonly string[] BadIds =
    [
        // %00 in a path is refused by Kestrel (400) before routing, and the in-memory test client cannot carry it;
        // "%2500" reaches the handlers as the text "%00", and a NUL reaches them through the query below.
        "{", "}", "*", "?", "[", "]", ":", "..", ".", "%00", "-1", "-9223372036854775809", "0", "99999999999999999999",
        "evt_zzzzzzzzzz", "evt_-1", "evt_", "ep_", "msg_", "dl_", "ord_{x}", "a/b", "a\\b", "~", "%FF", " ", "é", "\ud83d\ude00",
        new string('x', 10 * 1024), "evt_" + new string('f', 10 * 1024),
    ];

    private static readonly string[] BadQueryValues =
    [
        "", "-1", "0", "99999999999999999999", "abc", "!!!", "%00", "\0", "{", "*", "[", ":", "..",
        "eyJ9", "eyJ0IjoiLTEiLCJpIjoiIn0", "0:0", "-1:-1", "9223372036854775807:x", new string('A', 10 * 1024),
        "MXwtMXx4", "MXw5MjIzMzcyMDM2ODU0Nzc1ODA3fA", "MXx8", "MnwxfHg", "MXwxfAA", "NaN", "Infinity", "-Infinity", "1e308",
        "2024-13-45", "2024-02-30T10:00:00Z", "yesterday", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "-62135596800", "253402300800", "1e400", "NaN", "P1D", "\ud800",
    ];

    // Handlers bind their query parameters, so the binding metadata names them; the order routes also read tenantId
    // (the admin key names the tenant) outside binding.
    private const string OperatorQueryName = "tenantId";

    [Fact]
    public async Task EveryRoute_MalformedIdsAndQueryValues_NeverAnswer5xx()
    {
        var tenant = await Factory.CreateTenantAsync();
        // A real endpoint, so handlers that check it exists go on to parse the rest of the query.
        var endpointId = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"])).GetProperty("id").GetString()!;
        var routes = Routes();
        Assert.Contains(routes, r => r.Pattern.RawText!.Contains("events/{eventId}", StringComparison.Ordinal));
        // The sweep reaches the query parameters through the binding metadata: a route that reads many must show them.
        var logs = routes.Single(r => r.Pattern.RawText == "/v1/logs" || r.Pattern.RawText == "/v1/logs/");
        Assert.Superset(new HashSet<string> { "state", "endpointId", "eventType", "from", "to", "limit", "cursor", "objectId", "status" }, logs.QueryNames.ToHashSet());
        Assert.Contains(routes, r => r.QueryNames.Contains(OperatorQueryName) && r.Keys.Contains(CallerKey.Admin));

        var failures = new List<string>();
        foreach (var route in routes)
        {
            foreach (var id in BadIds)
            {
                await CheckAsync(route, Path(route.Pattern, id), tenant, failures);
            }

            foreach (var name in route.QueryNames)
            {
                foreach (var value in BadQueryValues)
                {
                    var path = Path(route.Pattern, endpointId) + "?" + name + "=" + Uri.EscapeDataString(value)
                        + (name == "endpointId" ? "" : "&endpointId=" + endpointId);
                    await CheckAsync(route, path, tenant, failures);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} requests answered 5xx:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task EveryBodyRoute_LoneSurrogateInAnyField_NeverAnswers5xx()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"])).GetProperty("id").GetString()!;
        const string bad = "\"\\ud800\"";
        string[] fields = ["name", "url", "description", "secret", "status", "message", "preset", "initial", "scope", "subject", "type", "objectId", "eventType"];
        var bodies = fields.Select(f => $"{{\"{f}\": {bad}}}")
            .Concat([
                $"{{\"eventTypes\": [{bad}]}}", $"{{\"filter\": {{{bad}: {bad}}}}}", $"{{\"headers\": {{{bad}: {bad}}}}}",
                $"{{\"statuses\": [{bad}]}}", $"{{\"transitions\": [{{\"from\": {bad}, \"to\": {bad}}}]}}",
                $"{{\"name\": \"lifecycle\", \"initial\": \"a\", \"statuses\": [\"a\", {bad}], \"transitions\": []}}",
                $"{{\"schema\": {{\"properties\": {{{bad}: {{\"pattern\": {bad}}}}}}}, \"name\": \"a.b\"}}",
                $"{{\"events\": [{{\"subject\": {bad}}}]}}", $"{{{bad}: 1}}",
                $"{{\"status\": \"Shipped\", \"message\": {bad}, \"customer\": {{\"email\": {bad}}}}}",
            ])
            .ToList();

        var failures = new List<string>();
        foreach (var route in Routes().Where(r => r.Methods.Any(m => m is "POST" or "PUT" or "PATCH")))
        {
            foreach (var body in bodies)
            {
                await CheckAsync(route, Path(route.Pattern, endpointId), tenant, failures, body);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} requests answered 5xx:\n" + string.Join("\n", failures.Take(40)));
    }

    [Fact]
    public async Task PutWorkflow_LoneSurrogateInAName_Is400WithPointer()
    {
        var tenant = await Factory.CreateTenantAsync();
        const string body = """{"name": "a\ud800", "initial": "new", "statuses": ["new", "done"], "transitions": [{"from": "new", "to": "done"}]}""";

        var response = await tenant.Http.PutAsync("/v1/order-workflow", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(["/name"], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Ingest_LoneSurrogateDeepInTheEvent_Is400WithPointer()
    {
        var tenant = await Factory.CreateTenantAsync();
        const string body = """{"subject": "order", "type": "completed", "order": {"items": [{"productCode": "ok"}, {"productCode": "\udc00x"}]}}""";

        var response = await tenant.Http.PostAsync("/v1/events", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.BadRequest);
        Assert.Equal(["/order/items/1/productCode"], ProblemAssert.ErrorPaths(problem));
    }

    [Theory]
    [InlineData("evt_zzzzzzzzzz")]
    [InlineData("evt_-1")]
    [InlineData("evt_Fabc")]
    [InlineData("evt_0abc.def")]
    public async Task GetEvent_MalformedEventId_Is404(string eventId)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.GetAsync("/v1/events/" + Uri.EscapeDataString(eventId));

        await ProblemAssert.IsProblemAsync(response, System.Net.HttpStatusCode.NotFound);
    }

    private async Task CheckAsync(Route route, string path, TenantClient tenant, List<string> failures, string body = "{}")
    {
        foreach (var key in route.Keys.Select(k => k == CallerKey.Admin ? GatewayFactory.AdminKey : tenant.ApiKey))
        {
            foreach (var method in route.Methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                }

                using var response = await tenant.Http.SendAsync(request);
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{method} {Shorten(path)} {Shorten(request.Content is null ? "" : body)} -> {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
                }
            }
        }
    }

    private List<Route> Routes()
    {
        var data = Factory.Services.GetRequiredService<EndpointDataSource>();
        return [.. data.Endpoints.OfType<RouteEndpoint>().Select(e =>
        {
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
            var operatorToo = policies.Contains(GatewayAuthentication.TenantOrOperatorPolicy);
            // A key the route's policy refuses is answered 401 before any handler runs: only the keys it admits are sent.
            CallerKey[] keys = policies.Contains(GatewayAuthentication.AdminPolicy) ? [CallerKey.Admin]
                : operatorToo ? [CallerKey.Tenant, CallerKey.Admin]
                : [CallerKey.Tenant];
            var queryNames = e.Metadata.GetOrderedMetadata<IParameterBindingMetadata>()
                .Where(p => p.ParameterInfo.ParameterType == typeof(string) || Nullable.GetUnderlyingType(p.ParameterInfo.ParameterType) is not null || p.ParameterInfo.ParameterType.IsPrimitive)
                .Select(p => p.Name)
                .Where(n => e.RoutePattern.GetParameter(n) is null);
            return new Route(
                e.RoutePattern,
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET"],
                [.. operatorToo ? queryNames.Append(OperatorQueryName).Distinct() : queryNames],
                keys);
        })];
    }

    private enum CallerKey
    {
        Tenant,
        Admin,
    }

    /// <summary>The route with every parameter replaced by <paramref name="value"/>, escaped as a client would send it.</summary>
    private static string Path(RoutePattern pattern, string value)
    {
        var path = new StringBuilder();
        foreach (var segment in pattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart => Uri.EscapeDataString(value),
                    _ => "",
                });
            }
        }

        return path.Length == 0 ? "/" : path.ToString();
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private sealed record Route(RoutePattern Pattern, string[] Methods, string[] QueryNames, CallerKey[] Keys);
}
