using Gateway.Tests.Console;
using Gateway.Tests.Deploy;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Packaging;

/// <summary>
/// SLOW (a pack, a restore and a build of a throwaway project: about a minute, bounded at a few): the two packages as a
/// user gets them, restored from a local folder feed (their dependencies from the configured NuGet sources) into a new
/// project outside the repository, which sends an event through a real gateway with Gateway.Client and verifies its
/// delivery with Gateway.Webhooks.
/// </summary>
[Trait("Category", "Slow")]
[Collection(RedisCollection.Name)]
public sealed class PackagesConsumerTests(RedisFixture store) : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("gateway-packages-").FullName;
    private ConsoleHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ConsoleHost.Start(store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task PackedPackages_InAThrowawayProject_SendAnEventAndVerifyItsDelivery()
    {
        // A version of its own, so the machine's package cache never hands back an older build of the same number.
        var version = $"0.0.0-test.{DateTimeOffset.UtcNow:yyyyMMddHHmmss}";
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        foreach (var project in new[] { "src/Gateway.Client/Gateway.Client.csproj", "src/Gateway.Webhooks/Gateway.Webhooks.csproj" })
        {
            await RunAsync(["pack", Repository.PathOf(project), "-c", "Release", "-o", feed, $"-p:Version={version}"], TimeSpan.FromMinutes(4));
        }

        Assert.True(File.Exists(Path.Combine(feed, $"Gateway.Client.{version}.nupkg")));
        Assert.True(File.Exists(Path.Combine(feed, $"Gateway.Webhooks.{version}.nupkg")));

        var app = Directory.CreateDirectory(Path.Combine(_work, "app")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Gateway.Client" Version="{version}" />
                <PackageReference Include="Gateway.Webhooks" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ConsumerProgram);

        var tenant = await _host.CreateTenantAsync("packages");
        var output = await RunAsync(["run", "--project", app, "-c", "Release", "--", _host.BaseUrl, tenant.ApiKey], TimeSpan.FromMinutes(5));

        Assert.Contains("verified msg_", output);
        Assert.Contains("objectId ORD-PACKAGES-1", output);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var (exit, stdout, stderr) = await ExternalTool.RunAsync("dotnet", arguments, timeout: timeout);
        Assert.True(exit == 0, $"dotnet {string.Join(' ', arguments)} exited {exit}:\n{stdout}\n{stderr}");
        return stdout;
    }

    /// <summary>What a user would write from the two package READMEs.</summary>
    private const string ConsumerProgram = """
        using System.Net;
        using System.Text.Json;
        using Gateway.Client;
        using Gateway.Client.Endpoints;
        using Gateway.Webhooks.AspNetCore;
        using Gateway.Webhooks.Verification;
        using Microsoft.AspNetCore.Hosting.Server;
        using Microsoft.AspNetCore.Hosting.Server.Features;

        var (gatewayUrl, apiKey) = (args[0], args[1]);
        WebhookVerifier? verifier = null;
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/webhooks", (WebhookContext webhook) =>
        {
            var objectId = JsonDocument.Parse(webhook.Body).RootElement.GetProperty("objectId").GetString();
            delivered.TrySetResult($"verified {webhook.Id} objectId {objectId}");
            return Results.NoContent();
        }).RequireStandardWebhook(_ => verifier!);
        await app.StartAsync();
        var receiver = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        var client = GatewayClient.Create(new GatewayClientOptions { BaseAddress = new Uri(gatewayUrl), ApiKey = apiKey });
        var endpoint = await client.Endpoints.CreateAsync(new EndpointRequest(receiver + "/webhooks", ["order.*"]));
        verifier = new WebhookVerifier(endpoint.Secret!);
        var example = await client.EventTypes.GetExampleAsync("order.completed");
        var order = System.Text.Json.Nodes.JsonNode.Parse(example.GetRawText())!;
        order["objectId"] = "ORD-PACKAGES-1";
        var accepted = await client.Events.SendAsync(order);
        Console.WriteLine($"sent {accepted.Id}");

        Console.WriteLine(await delivered.Task.WaitAsync(TimeSpan.FromSeconds(60)));
        await app.StopAsync();
        """;
}
