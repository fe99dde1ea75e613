using Gateway.LocalStore;
using StackExchange.Redis;

namespace Gateway.Tests.LocalStore;

/// <summary>The run command's local store keeps its data across a stop and start, for both servers it can start.</summary>
public sealed class LocalRedisServerTests
{
    [Theory]
    [InlineData(LocalServerKind.Redis)]
    [InlineData(LocalServerKind.Garnet)]
    public async Task StopGracefully_ThenStartAgain_KeepsTheData(LocalServerKind kind)
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var port = LocalRedisServer.FreePort();
        var data = Path.Combine(root, ".data", "test", $"persist-{kind}-{port}");
        var server = await LocalRedisServer.StartAsync(kind, port, data);
        try
        {
            using (var connection = await ConnectionMultiplexer.ConnectAsync(server.Configuration))
            {
                await connection.GetDatabase().StringSetAsync("persisted", "yes");
            }

            await server.StopGracefullyAsync();
            Assert.True(server.HasExited);
            await server.DisposeAsync();
            server = await LocalRedisServer.StartAsync(kind, port, data);

            using var again = await ConnectionMultiplexer.ConnectAsync(server.Configuration);
            Assert.Equal("yes", (string?)await again.GetDatabase().StringGetAsync("persisted"));
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
