using System.Net;
using System.Text.RegularExpressions;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

[Collection(RedisCollection.Name)]
public sealed partial class ConsolePagesTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("/console/")]
    [InlineData("/console/open")]
    [InlineData("/")]
    public async Task Page_ForbidsInlineScriptAndFraming(string path)
    {
        var response = await Factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Assets_HaveNoInlineScriptHandlersOrHtmlSinks()
    {
        var assets = Factory.Services.GetService(typeof(Gateway.Console.ConsoleAssets)) as Gateway.Console.ConsoleAssets;
        Assert.NotNull(assets);
        var client = Factory.CreateClient();
        foreach (var name in assets!.Names)
        {
            var text = await client.GetStringAsync($"/console/assets/{name}");
            if (name.EndsWith(".html", StringComparison.Ordinal))
            {
                Assert.DoesNotMatch(InlineScript(), text);
                Assert.DoesNotMatch(EventHandlerAttribute(), text);
            }
            else if (name.EndsWith(".js", StringComparison.Ordinal))
            {
                Assert.DoesNotContain("innerHTML", text);
                Assert.DoesNotContain("outerHTML", text);
                Assert.DoesNotContain("insertAdjacentHTML", text);
                Assert.DoesNotContain("document.write", text);
                Assert.DoesNotContain("eval(", text);
            }
        }

        Assert.Contains("app.js", assets.Names);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/assets/nope.js")).StatusCode);
    }

    [Fact]
    public async Task Root_LinksToConsoleDocsAndHealth()
    {
        var html = await Factory.CreateClient().GetStringAsync("/");

        Assert.Contains("href=\"/console/\"", html);
        Assert.Contains("href=\"/docs\"", html);
        Assert.Contains("href=\"/openapi/v1.json\"", html);
        Assert.Contains("href=\"/healthz\"", html);
        Assert.Contains("href=\"/readyz\"", html);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\son[a-z]+\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex EventHandlerAttribute();
}
