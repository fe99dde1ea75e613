using System.Net;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Security;

/// <summary>
/// Registration and update refuse URLs whose IPv6 literal hides a forbidden IPv4 address or is itself special.
/// The API only parses and resolves; nothing here opens a connection.
/// </summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointUrlSsrfTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Security:AllowPrivateNetworks"] = "false",
        ["Security:AllowHttp"] = "true",
    };

    public static TheoryData<string> HiddenForms => new()
    {
        "http://[::127.0.0.1]/",                              // IPv4-compatible
        "http://[::ffff:169.254.169.254]/",                   // IPv4-mapped
        "http://[2002:7f00:1::]/",                            // 6to4 wrapping 127.0.0.1
        "http://[2002:a9fe:a9fe::]/",                         // 6to4 wrapping 169.254.169.254
        "http://[64:ff9b::a9fe:a9fe]/",                       // NAT64
        "http://[64:ff9b:1::a9fe:a9fe]/",                     // local-use NAT64
        "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",     // Teredo, client 127.0.0.1
        "http://[fec0::1]/",                                  // site-local
    };

    [Theory]
    [MemberData(nameof(HiddenForms))]
    public async Task Register_UrlHidingAForbiddenAddress_Is422(string url)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url, eventTypes = new[] { "*" } });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/url"], ProblemAssert.ErrorPaths(problem));
    }

    [Theory]
    [MemberData(nameof(HiddenForms))]
    public async Task Update_UrlHidingAForbiddenAddress_Is422(string url)
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync("http://93.184.216.34/hook", ["*"]);

        var response = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{endpoint.GetProperty("id").GetString()}", new { url });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/url"], ProblemAssert.ErrorPaths(problem));
    }
}
