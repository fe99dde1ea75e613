using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Delivery;

/// <summary>Deliveries verified by the reference npm package <c>standardwebhooks</c>, including during a secret rotation.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class ReferenceLibraryTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Deliveries_VerifyWithStandardWebhooksNpmPackage()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, oldSecret) = await CreateEndpointAsync(tenant, Receiver.Url("/npm"));
        for (var i = 0; i < 3; i++)
        {
            await SendAsync(tenant);
        }

        await Receiver.WaitForAsync(r => r.Count == 3);
        var rotated = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{endpointId}/secret/rotate", new { });
        var newSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await Task.Delay(200); // the change reaches the worker through the change feed
        await SendAsync(tenant);
        var all = await Receiver.WaitForAsync(r => r.Count == 4);
        Assert.Equal(2, all[3].Signature.Split(' ').Length); // both secrets sign during the overlap

        var deliveries = all.Select((r, i) => new
        {
            secret = i < 3 ? oldSecret : newSecret,
            id = r.Id,
            timestamp = r.Timestamp,
            signature = r.Signature,
            body = r.Body,
        }).ToList();
        // The old secret still verifies the rotated delivery too.
        deliveries.Add(deliveries[3] with { secret = oldSecret });

        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var script = Path.Combine(root, "tests", "js", "verify.mjs");
        Assert.True(Directory.Exists(Path.Combine(root, "tests", "js", "node_modules", "standardwebhooks")),
            "tests/js/node_modules is missing: run the README test command (it runs npm ci in tests/js).");
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(deliveries));
        try
        {
            var info = new ProcessStartInfo("node", [script, input]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var node = Process.Start(info)!;
            var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, output);
            Assert.Contains("verified 5 of 5", output);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
