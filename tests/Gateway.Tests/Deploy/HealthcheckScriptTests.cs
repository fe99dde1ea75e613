using System.Globalization;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Deploy;

public sealed class HealthcheckScriptTests
{
    [Theory]
    [InlineData(200, 0)]
    [InlineData(503, 1)]
    public async Task Healthcheck_ExitCodeFollowsHealthz(int status, int expectedExitCode)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/healthz", () => Results.StatusCode(status));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;

        var (exitCode, _, stderr) = await RunScriptAsync(port);

        Assert.True(exitCode == expectedExitCode, $"exit {exitCode}, stderr: {stderr}");
    }

    [Fact]
    public async Task Healthcheck_OfTheEdge_AsksItsOwnPath()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/edge/healthz", () => Results.Ok());
        app.MapGet("/healthz", () => Results.StatusCode(502)); // what the edge's proxy would answer for an unknown path
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;

        var (plain, _, _) = await RunScriptAsync(port);
        var (edge, _, stderr) = await RunScriptAsync(port, "/edge/healthz");

        Assert.NotEqual(0, plain);
        Assert.True(edge == 0, $"exit {edge}, stderr: {stderr}");
        Assert.Contains("HEALTHCHECK_PATH=/edge/healthz", Repository.Read("src/Gateway.Edge/Dockerfile"));
    }

    [Fact]
    public async Task Healthcheck_NothingListening_Fails()
    {
        var (exitCode, _, _) = await RunScriptAsync(Gateway.LocalStore.LocalRedisServer.FreePort());

        Assert.NotEqual(0, exitCode);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunScriptAsync(int port, string path = "/healthz")
    {
        var bash = ExternalTool.Find("bash", "bash");
        var script = Repository.PathOf("deploy/docker/healthcheck.sh");
        return ExternalTool.RunAsync("/usr/bin/env", [$"HEALTHCHECK_PORT={port.ToString(CultureInfo.InvariantCulture)}", $"HEALTHCHECK_PATH={path}", bash, script], timeout: TimeSpan.FromSeconds(10));
    }
}
