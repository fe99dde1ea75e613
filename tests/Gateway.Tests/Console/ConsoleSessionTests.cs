using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Console;

[Collection(RedisCollection.Name)]
public sealed class ConsoleSessionTests(RedisFixture store) : IAsyncLifetime
{
    private FakeTimeProvider _clock = null!;
    private GatewayFactory _factory = null!;

    // One host and clock for the class (the store fixture disposes them): each test makes its own tenant, and the
    // clock only moves forward, so what a test reads relative to its current time holds whatever ran before it.
    public async Task InitializeAsync() =>
        (_factory, _clock) = await store.ClassHostAsync(GetType(), () =>
        {
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            return Task.FromResult(new ClockedHost(new GatewayFactory(store, time: clock), clock));
        });

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task CreateLink_AnswersUrlWithTokenInFragmentAndExpiry_OneHourByDefault()
    {
        var tenant = await _factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/console-sessions", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Matches("^http://localhost/console/open#token=gwc_[A-Za-z0-9_-]{43}$", body.GetProperty("url").GetString());
        Assert.Equal(_clock.GetUtcNow().AddHours(1), body.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task OpenLink_SetsHttpOnlyStrictCookie_AndTheSameApiAnswersWithoutAKey()
    {
        var tenant = await _factory.CreateTenantAsync();
        await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["order.*"]);
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);
        var http = _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        var opened = await http.PostAsJsonAsync("/console/session", new { token });

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var setCookie = Assert.Single(opened.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("gw_console=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain http here
        var expires = DateTimeOffset.Parse(setCookie.Split("expires=", StringSplitOptions.None)[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, _clock.GetUtcNow().AddHours(12).AddSeconds(-1), _clock.GetUtcNow().AddHours(12).AddSeconds(1));
        Assert.DoesNotContain(tenant.ApiKey, await opened.Content.ReadAsStringAsync());

        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/endpoints");
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        var list = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Single((await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task OpenLink_Twice_SecondIsRefused()
    {
        var tenant = await _factory.CreateTenantAsync();
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);
        var http = _factory.CreateClient();

        var first = await http.PostAsJsonAsync("/console/session", new { token });
        var second = await http.PostAsJsonAsync("/console/session", new { token });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("already used", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenLink_ConcurrentOpens_ExactlyOneWins()
    {
        var tenant = await _factory.CreateTenantAsync();
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _factory.CreateClient().PostAsJsonAsync("/console/session", new { token })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(7, answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task OpenLink_AfterItsLifetime_IsRefused()
    {
        var tenant = await _factory.CreateTenantAsync();
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);
        _clock.Advance(TimeSpan.FromMinutes(61));

        var response = await _factory.CreateClient().PostAsJsonAsync("/console/session", new { token });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("gwc_forgedforgedforgedforgedforgedforgedforge")]
    [InlineData("")]
    public async Task OpenLink_ForgedToken_IsRefused(string token)
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/console/session", new { token });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenLink_AsForm_Is415_SoAnotherSiteCannotPostIt()
    {
        var tenant = await _factory.CreateTenantAsync();
        var token = await ConsoleClient.LinkTokenAsync(tenant.Http);

        var response = await _factory.CreateClient().PostAsync("/console/session", new FormUrlEncodedContent([new("token", token)]));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Session_ExpiresAfterTwelveHours()
    {
        var tenant = await _factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(_factory, tenant.Http);
        _clock.Advance(TimeSpan.FromHours(11));
        Assert.Equal(HttpStatusCode.OK, (await console.Http.GetAsync("/v1/endpoints")).StatusCode);

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Http.GetAsync("/v1/endpoints")).StatusCode);
    }

    [Fact]
    public async Task StateChangingCall_WithoutCsrfHeader_Is403_WithIt_Succeeds()
    {
        var tenant = await _factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(_factory, tenant.Http);
        var endpoint = new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "order.*" } };

        var without = await console.SendAsync(HttpMethod.Post, "/v1/endpoints", endpoint, withCsrf: false);
        var forged = await new ConsoleClient(console.Http, "not-the-token", console.SessionId).SendAsync(HttpMethod.Post, "/v1/endpoints", endpoint);
        var with = await console.SendAsync(HttpMethod.Post, "/v1/endpoints", endpoint);

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
        var list = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints");
        Assert.Single(list.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Session_CannotIssueApiKeysOrFurtherLinks()
    {
        var tenant = await _factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(_factory, tenant.Http);

        Assert.Equal(HttpStatusCode.Forbidden, (await console.SendAsync(HttpMethod.Post, "/v1/keys", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await console.SendAsync(HttpMethod.Post, "/v1/console-sessions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await console.Http.GetAsync("/v1/keys")).StatusCode);
    }

    [Fact]
    public async Task Session_SeesOnlyItsTenant_OtherTenantsIdsAre404()
    {
        var mine = await _factory.CreateTenantAsync("mine");
        var other = await _factory.CreateTenantAsync("other");
        var theirs = (await other.CreateEndpointAsync("http://127.0.0.1:9/hook", ["order.*"])).GetProperty("id").GetString();
        var console = await ConsoleClient.OpenAsync(_factory, mine.Http);

        Assert.Equal(HttpStatusCode.NotFound, (await console.Http.GetAsync($"/v1/endpoints/{theirs}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await console.SendAsync(HttpMethod.Delete, $"/v1/endpoints/{theirs}")).StatusCode);
        Assert.Empty((await console.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints")).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync($"/v1/endpoints/{theirs}")).StatusCode);
    }

    [Fact]
    public async Task AdminKey_OpensSessionForAnyTenant_ScopedToThatTenant()
    {
        var tenant = await _factory.CreateTenantAsync();
        await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["order.*"]);

        var console = await ConsoleClient.OpenAsync(_factory, _factory.AdminClient(), $"/admin/tenants/{tenant.Id}/console-sessions");

        var session = await console.Http.GetFromJsonAsync<JsonElement>("/console/session");
        Assert.Equal(tenant.Id, session.GetProperty("tenantId").GetString());
        Assert.Single((await console.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints")).GetProperty("data").EnumerateArray());
        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Http.GetAsync("/admin/tenants")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _factory.AdminClient().PostAsync("/admin/tenants/ten_nope/console-sessions", null)).StatusCode);
    }

    [Fact]
    public async Task RevokeOne_EndsThatSessionOnly_RevokeAll_EndsEvery()
    {
        var tenant = await _factory.CreateTenantAsync();
        var a = await ConsoleClient.OpenAsync(_factory, tenant.Http);
        var b = await ConsoleClient.OpenAsync(_factory, tenant.Http);
        var c = await ConsoleClient.OpenAsync(_factory, tenant.Http);
        var listed = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/console-sessions");
        Assert.Equal(3, listed.GetProperty("data").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/console-sessions/{a.SessionId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.Http.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await b.Http.GetAsync("/v1/endpoints")).StatusCode);

        var all = await tenant.Http.DeleteAsync("/v1/console-sessions");
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await b.Http.GetAsync("/v1/endpoints")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.Http.GetAsync("/v1/endpoints")).StatusCode);
    }

    [Fact]
    public async Task SignOut_EndsTheSession()
    {
        var tenant = await _factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(_factory, tenant.Http);

        Assert.Equal(HttpStatusCode.Forbidden, (await console.SendAsync(HttpMethod.Delete, "/console/session", withCsrf: false)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await console.SendAsync(HttpMethod.Delete, "/console/session")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await console.Http.GetAsync("/console/session")).StatusCode);
    }

    [Fact]
    public async Task Orders_AcceptTheSession_AndRecordItAsTheActor()
    {
        var tenant = await _factory.CreateTenantAsync();
        var console = await ConsoleClient.OpenAsync(_factory, tenant.Http);

        var changed = await console.SendAsync(HttpMethod.Put, "/v1/orders/o-1/status", new { status = "In Progress", notify = false });

        var text = await changed.Content.ReadAsStringAsync();
        Assert.True(changed.IsSuccessStatusCode, text);
        var order = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/orders/o-1");
        Assert.Contains($"console:{console.SessionId}", order.ToString());
    }

    private sealed record ClockedHost(GatewayFactory Factory, FakeTimeProvider Clock) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }
}
