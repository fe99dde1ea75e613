using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Endpoints;

/// <summary>Custom headers the HTTP client could never send, or that break webhook verifiers, are refused when saved.</summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointHeadersTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("ü")]
    [InlineData("a\u2028b")]
    [InlineData("\u0001")]
    [InlineData("x\u007f")]
    [InlineData("line\r\nInjected: 1")]
    [InlineData("nul\u0000")]
    [InlineData("emoji \U0001F600")]
    public async Task Create_HeaderValueWithNonAsciiOrControlCharacters_Is422(string value)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new
        {
            url = "http://127.0.0.1:9/hook",
            eventTypes = new[] { "*" },
            headers = new Dictionary<string, string> { ["X-Shop"] = value },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/headers/X-Shop"], ProblemAssert.ErrorPaths(problem));
    }

    [Theory]
    [InlineData("svix-id")]
    [InlineData("Svix-Signature")]
    [InlineData("SVIX-TIMESTAMP")]
    [InlineData("webhook-id")]
    public async Task Update_ReservedVerifierHeader_Is422(string name)
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"]);

        var response = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{endpoint.GetProperty("id").GetString()}", new
        {
            headers = new Dictionary<string, string> { [name] = "msg_1" },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal([$"/headers/{name}"], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Create_PrintableAsciiWithSpacesAndTabs_IsAccepted()
    {
        var tenant = await Factory.CreateTenantAsync();

        var endpoint = await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"], new
        {
            headers = new Dictionary<string, string> { ["X-Shop"] = "Bearer abc~!#$%&'()*+,-./:;<=>?@[\\]^_`{|}\tend", ["X-Svixish"] = "ok" },
        });

        Assert.Equal("ok", endpoint.GetProperty("headers").GetProperty("X-Svixish").GetString());
    }
}
