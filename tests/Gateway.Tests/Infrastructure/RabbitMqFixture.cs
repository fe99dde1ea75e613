using System.Diagnostics;
using Gateway.LocalStore;
using RabbitMQ.Client;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Debian's rabbitmq-server started for the tests on free loopback ports (AMQP, distribution, its own epmd), with its
/// own node name, data and log directories under .data/test: it never touches a system broker. <see cref="RestartAsync"/>
/// kills it hard and starts it again on the same data.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private Process? _process;
    private string _root = "";
    private int _epmdPort;
    private int _distPort;

    public int Port { get; private set; }

    /// <summary>The broker's URL with its default credentials (guest may log in over loopback).</summary>
    public string Url => $"amqp://guest:guest@127.0.0.1:{Port}/";

    public async Task InitializeAsync()
    {
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException("rabbitmq-server is not installed: apt-get install rabbitmq-server (./test.sh does this on a fresh machine).");
        }

        Port = LocalRedisServer.FreePort();
        _distPort = LocalRedisServer.FreePort();
        _epmdPort = LocalRedisServer.FreePort();
        var repository = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        _root = Path.Combine(repository, ".data", "test", $"rabbitmq-{Port}");
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        Directory.CreateDirectory(_root);
        await File.WriteAllTextAsync(Path.Combine(_root, "enabled_plugins"), "[].");
        await File.WriteAllTextAsync(Path.Combine(_root, "rabbitmq.conf"), "loopback_users = none\n");
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        Kill();
        try
        {
            // The node's own epmd (started on its private port) goes with it.
            var epmd = new ProcessStartInfo("epmd", ["-kill"]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            epmd.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var stop = Process.Start(epmd);
            await stop!.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or System.ComponentModel.Win32Exception or UnauthorizedAccessException)
        {
            // Left for the next run to clear.
        }
    }

    /// <summary>Kills the broker (SIGKILL: no clean shutdown) and starts it again on the same data.</summary>
    public async Task RestartAsync(TimeSpan downtime)
    {
        Kill();
        await Task.Delay(downtime); // the outage the test asks for: a kill schedule, not a wait for something
        await StartAsync();
    }

    /// <summary>A durable queue bound to <paramref name="exchange"/> (a topic exchange, declared when missing) with <paramref name="bindingKey"/>.</summary>
    public async Task DeclareAsync(string exchange, string queue, string bindingKey)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Topic, durable: true);
        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        await channel.QueueBindAsync(queue, exchange, bindingKey);
    }

    /// <summary>Takes every message now in <paramref name="queue"/> (acknowledged).</summary>
    public async Task<List<BasicGetResult>> DrainAsync(string queue)
    {
        await using var connection = await ConnectAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messages = new List<BasicGetResult>();
        while (await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Drains <paramref name="queue"/> until <paramref name="count"/> messages came or the time is up.</summary>
    public Task<List<BasicGetResult>> WaitForAsync(string queue, int count, TimeSpan? timeout = null) =>
        WaitUntilAsync(queue, all => all.Count >= count, timeout);

    /// <summary>Takes the queue's messages until <paramref name="done"/> holds for all taken so far, or the timeout passes.</summary>
    public async Task<List<BasicGetResult>> WaitUntilAsync(string queue, Func<List<BasicGetResult>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var all = new List<BasicGetResult>();
        while (DateTime.UtcNow < deadline && !done(all))
        {
            all.AddRange(await DrainAsync(queue));
            if (!done(all))
            {
                await Task.Delay(100);
            }
        }

        return all;
    }

    public Task<IConnection> ConnectAsync() => new ConnectionFactory { Uri = new Uri(Url) }.CreateConnectionAsync();

    private async Task StartAsync()
    {
        var info = new ProcessStartInfo(Server) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        info.Environment["HOME"] = _root; // the Erlang cookie lives here
        info.Environment["RABBITMQ_NODENAME"] = $"gwtest{Port}@localhost";
        info.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        info.Environment["RABBITMQ_NODE_PORT"] = Port.ToString(invariant);
        info.Environment["RABBITMQ_DIST_PORT"] = _distPort.ToString(invariant);
        info.Environment["ERL_EPMD_PORT"] = _epmdPort.ToString(invariant);
        info.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_root, "mnesia");
        info.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_root, "log");
        info.Environment["RABBITMQ_LOGS"] = "-";
        info.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_root, "rabbitmq");
        info.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_root, "enabled_plugins");
        info.Environment["RABBITMQ_PID_FILE"] = Path.Combine(_root, "rabbitmq.pid");
        _process = Process.Start(info) ?? throw new InvalidOperationException("rabbitmq-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                await using var connection = await ConnectAsync();
                return;
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"rabbitmq-server did not accept AMQP connections on port {Port} (exited: {_process.HasExited}).", ex);
                }

                await Task.Delay(250);
            }
        }
    }

    private void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        _process?.Dispose();
        _process = null;
    }
}

/// <summary>Tests against a RabbitMQ broker, with their own Redis.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RedisFixture>, ICollectionFixture<RabbitMqFixture>
{
    public const string Name = "rabbitmq";
}
