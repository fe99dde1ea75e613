using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A throwaway Redis Cluster on loopback, without Docker: one <c>redis-server --cluster-enabled yes</c> per node,
/// each in a fresh folder with a short node timeout, formed by <c>redis-cli --cluster create</c>.
/// </summary>
public sealed class LocalRedisCluster : IAsyncDisposable
{
    private readonly List<Node> _nodes;

    private LocalRedisCluster(List<Node> nodes, string root)
    {
        _nodes = nodes;
        Root = root;
    }

    public string Root { get; }

    public IReadOnlyList<int> Ports => [.. _nodes.Select(n => n.Port)];

    /// <summary>A StackExchange.Redis configuration naming every node (the client discovers the topology itself).</summary>
    public string Configuration =>
        string.Join(',', _nodes.Where(n => !n.Process.HasExited).Select(n => $"127.0.0.1:{n.Port}"))
        + ",abortConnect=false,connectRetry=5,connectTimeout=2000,syncTimeout=5000";

    /// <summary>Starts <paramref name="masters"/> masters with <paramref name="replicasPerMaster"/> replicas each and waits until the cluster is up.</summary>
    public static async Task<LocalRedisCluster> StartAsync(int masters, int replicasPerMaster, string root)
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var nodes = new List<Node>();
        var cluster = new LocalRedisCluster(nodes, root);
        try
        {
            foreach (var port in FreeClusterPorts(masters * (1 + replicasPerMaster)))
            {
                nodes.Add(StartNode(port, Path.Combine(root, port.ToString(CultureInfo.InvariantCulture))));
            }

            foreach (var node in nodes)
            {
                await WaitAsync(async () => await Gateway.LocalStore.LocalRedisServer.IsAnsweringAsync(node.Port), TimeSpan.FromSeconds(20), $"node {node.Port} answering PING");
            }

            var create = new List<string> { "--cluster", "create" };
            create.AddRange(nodes.Select(n => $"127.0.0.1:{n.Port}"));
            create.AddRange(["--cluster-replicas", replicasPerMaster.ToString(CultureInfo.InvariantCulture), "--cluster-yes"]);
            var (code, output) = await RunAsync("redis-cli", create, TimeSpan.FromSeconds(60));
            if (code != 0)
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed ({code}): {output}");
            }

            await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(40));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every live node reports <c>cluster_state:ok</c>, knows every live node, and every replica is in sync.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var live = _nodes.Where(n => !n.Process.HasExited).ToList();
        await WaitAsync(async () =>
        {
            foreach (var node in live)
            {
                var info = await CliAsync(node.Port, "cluster", "info");
                if (!info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    return false;
                }

                var replication = await CliAsync(node.Port, "info", "replication");
                if (replication.Contains("role:slave", StringComparison.Ordinal) && !replication.Contains("master_link_status:up", StringComparison.Ordinal))
                {
                    return false;
                }

                var nodes = await CliAsync(node.Port, "cluster", "nodes");
                var alive = nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.Contains("fail", StringComparison.Ordinal));
                if (alive < live.Count)
                {
                    return false;
                }
            }

            return true;
        }, timeout, "cluster_state:ok on every node");
    }

    /// <summary>The ports of the nodes that are masters now, as the first live node sees it.</summary>
    public async Task<IReadOnlyList<int>> MasterPortsAsync()
    {
        var node = _nodes.First(n => !n.Process.HasExited);
        var text = await CliAsync(node.Port, "cluster", "nodes");
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(f => f.Length > 2 && f[2].Contains("master", StringComparison.Ordinal) && !f[2].Contains("fail", StringComparison.Ordinal))
            .Select(f => int.Parse(f[1].Split('@')[0].Split(':')[1], CultureInfo.InvariantCulture))];
    }

    /// <summary>Counts the keys starting with <paramref name="prefix"/> on each master (SCAN on every node).</summary>
    public async Task<IReadOnlyDictionary<int, int>> KeysPerMasterAsync(IConnectionMultiplexer connection, string prefix)
    {
        var counts = new Dictionary<int, int>();
        foreach (var port in await MasterPortsAsync())
        {
            var server = connection.GetServer(new IPEndPoint(IPAddress.Loopback, port));
            var count = 0;
            await foreach (var _ in server.KeysAsync(pattern: prefix + ":*", pageSize: 500))
            {
                count++;
            }

            counts[port] = count;
        }

        return counts;
    }

    /// <summary>Kills a node with SIGKILL, as a machine loss would.</summary>
    public void Kill(int port)
    {
        var node = _nodes.Single(n => n.Port == port);
        node.Process.Kill(entireProcessTree: true);
        node.Process.WaitForExit(10_000);
    }

    /// <summary>Starts a killed node again on its folder (its <c>nodes.conf</c> and append-only file), as an orchestrator
    /// replacing a failed pod would: it rejoins, as a replica of the master that took over its slots.</summary>
    public void Restart(int port)
    {
        var index = _nodes.FindIndex(n => n.Port == port);
        _nodes[index].Process.Dispose();
        _nodes[index] = StartNode(port, Path.Combine(Root, port.ToString(CultureInfo.InvariantCulture)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (!node.Process.HasExited)
            {
                node.Process.Kill(entireProcessTree: true);
                await node.Process.WaitForExitAsync();
            }

            node.Process.Dispose();
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run to clear.
        }
    }

    public static Task<string> CliAsync(int port, params string[] args) =>
        RunAsync("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), .. args], TimeSpan.FromSeconds(5)).ContinueWith(t => t.Result.Output, TaskScheduler.Default);

    /// <summary>Ports P that are free along with their cluster bus port P + 10000.</summary>
    private static IEnumerable<int> FreeClusterPorts(int count)
    {
        var taken = new HashSet<int>();
        var found = 0;
        for (var attempt = 0; found < count && attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20000, 30000);
            if (taken.Contains(port) || !IsFree(port) || !IsFree(port + 10000))
            {
                continue;
            }

            taken.Add(port);
            found++;
            yield return port;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static Node StartNode(int port, string dir)
    {
        Directory.CreateDirectory(dir);
        var info = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "no",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
            "--cluster-replica-validity-factor", "0", "--dir", dir, "--save", "", "--appendonly", "yes",
            "--appendfsync", "everysec", "--daemonize", "no", "--loglevel", "warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Node(port, process);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Redis Cluster: no {what} within {timeout}.");
    }

    private sealed record Node(int Port, Process Process);
}
