using Gateway.Secrets;

namespace Gateway.LocalStore;

/// <summary>The run command's store: when <c>Redis:Configuration</c> is empty, start a local server under <c>.data/</c> (and keep a development encryption key there).</summary>
public static class LocalStoreExtensions
{
    public static LocalRedisServer? StartLocalStoreIfUnconfigured(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Redis:Configuration"]))
        {
            return null;
        }

        var root = LocalRedisServer.FindRepositoryRoot(Environment.CurrentDirectory)
            ?? LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory)
            ?? Environment.CurrentDirectory;
        builder.EnsureDevelopmentKey(Path.Combine(root, ".data"));
        var kind = Enum.TryParse<LocalServerKind>(builder.Configuration["Redis:LocalServer"], ignoreCase: true, out var k) ? k : LocalServerKind.Auto;
        var port = int.TryParse(builder.Configuration["Redis:LocalPort"], out var p) ? p : 6380;
        var dataDirectory = Path.Combine(root, ".data", kind == LocalServerKind.Garnet || (kind == LocalServerKind.Auto && !LocalRedisServer.RedisServerOnPath()) ? "garnet" : "redis");
        if (LocalRedisServer.IsAnsweringAsync(port).GetAwaiter().GetResult())
        {
            // A store left running by an earlier run (for example after a hard kill): use it.
            builder.Configuration["Redis:Configuration"] = $"127.0.0.1:{port},abortConnect=false";
            System.Console.WriteLine($"Using the local store already running on 127.0.0.1:{port}");
            return null;
        }

        var server = LocalRedisServer.StartAsync(kind, port, dataDirectory).GetAwaiter().GetResult();
        builder.Configuration["Redis:Configuration"] = server.Configuration;
        System.Console.WriteLine($"Started local {server.Kind} store on 127.0.0.1:{server.Port}, data in {dataDirectory}");
        return server;
    }

    /// <summary>Generates the admin key when none is configured, and prints it: a configured key is never echoed.</summary>
    public static void EnsureAdminKey(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Gateway:AdminApiKey"]))
        {
            return;
        }

        var key = "adm_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        builder.Configuration["Gateway:AdminApiKey"] = key;

        // Printed on purpose, once, to the console of the process that owns it; never logged.
        System.Console.WriteLine($"Admin API key: {key}");
    }
}
