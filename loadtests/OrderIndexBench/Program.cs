// The order index at scale: a real redis-server and a real gateway process (API role) on free loopback ports, one
// tenant with --endpoints endpoints, --entries attempt-log entries spread over them (--per-order entries per order, each
// at another endpoint), written with the settle scripts' own Lua functions (Queue/Lua/lib/logs.lua: appendLog, then
// indexAttempt) under the keys RedisKeys and OrderIndex build. Measures the index's memory (INFO used_memory before and
// after it is written, per entry) and times --lookups GET /v1/logs?objectId= of random orders over HTTP: median, p99.
// Bounded: every step runs under one --timeout-minutes budget; the processes it started are stopped at the end.
//
//   dotnet run -c Release --project loadtests/OrderIndexBench -- [--entries 1000000] [--endpoints 1000] [--lookups 300]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Storage;
using Gateway.LocalStore;
using StackExchange.Redis;

var settings = Args(args);
var entries = int.Parse(settings.GetValueOrDefault("entries", "1000000"), CultureInfo.InvariantCulture);
var endpointCount = int.Parse(settings.GetValueOrDefault("endpoints", "1000"), CultureInfo.InvariantCulture);
var perOrder = int.Parse(settings.GetValueOrDefault("per-order", "5"), CultureInfo.InvariantCulture);
var lookups = int.Parse(settings.GetValueOrDefault("lookups", "300"), CultureInfo.InvariantCulture);
using var budget = new CancellationTokenSource(TimeSpan.FromMinutes(double.Parse(settings.GetValueOrDefault("timeout-minutes", "15"), CultureInfo.InvariantCulture)));
var retention = TimeSpan.FromDays(7);
var logSize = Math.Max(1000, (entries + endpointCount - 1) / endpointCount);

var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
var data = Path.Combine(root, ".data", "bench", "order-index-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
await using var redis = await LocalRedisServer.StartAsync(LocalServerKind.Redis, LocalRedisServer.FreePort(), data, budget.Token);
using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
var db = connection.GetDatabase();
var server = connection.GetServers()[0];
await server.ExecuteAsync("CONFIG", "SET", "appendonly", "no"); // the fill measures memory, not the disk
var keys = new RedisKeys("gw");

var adminKey = "bench-admin-key-" + Guid.NewGuid().ToString("N");
using var gateway = StartGateway(redis.Configuration, adminKey, logSize, retention, out var baseUrl);
using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
try
{
    await WaitReadyAsync(http, gateway, budget.Token);
    http.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
    var tenant = await (await http.PostAsJsonAsync("/admin/tenants", new { name = "bench" }, budget.Token)).Content.ReadFromJsonAsync<JsonElement>(budget.Token);
    http.DefaultRequestHeaders.Authorization = new("Bearer", tenant.GetProperty("apiKey").GetString());
    var endpoints = new List<string>();
    for (var i = 0; i < endpointCount; i++)
    {
        var created = await http.PostAsJsonAsync("/v1/endpoints", new { url = $"http://127.0.0.1:9/hook{i}", eventTypes = new[] { "*" } }, budget.Token);
        if (!created.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /v1/endpoints answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync(budget.Token)}");
        }

        endpoints.Add((await created.Content.ReadFromJsonAsync<JsonElement>(budget.Token)).GetProperty("id").GetString()!);
    }

    Console.WriteLine($"{endpointCount} endpoints created; writing {entries:N0} attempt-log entries ({perOrder} per order, Delivery:AttemptLogSize {logSize})");
    var orders = entries / perOrder;
    var libraries = await File.ReadAllTextAsync(Path.Combine(root, "src/Gateway.Delivery/Queue/Lua/lib/logs.lua"), budget.Token);
    var fill = LuaScript.Prepare(libraries + """
        local retention, logMax, index = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3] == '1'
        for i = 4, #ARGV, 5 do
          local now = tonumber(ARGV[i + 2])
          if index then indexAttempt(ARGV[i + 1], now, ARGV[i + 4], retention)
          else appendLog(ARGV[i], now, ARGV[i + 3], logMax, retention) end
        end
        return 1
        """);
    var loaded = await fill.LoadAsync(server);
    var start = DateTimeOffset.UtcNow - TimeSpan.FromDays(1);
    var step = TimeSpan.FromDays(1).TotalMilliseconds / entries;

    async Task WriteAsync(bool index)
    {
        const int batch = 500;
        var pending = new List<Task>();
        for (var from = 0; from < entries; from += batch)
        {
            var argv = new List<RedisValue> { (long)retention.TotalMilliseconds, logSize, index ? "1" : "0" };
            for (var n = from; n < Math.Min(entries, from + batch); n++)
            {
                var (order, j) = (n % orders, n / orders);
                var endpoint = endpoints[(int)(((long)order * perOrder + j) % endpointCount)];
                var eventId = $"evt_{order % 16:x}{order:D10}{j:D11}";
                var messageId = Ids.Message(eventId, endpoint);
                var atMs = start.AddMilliseconds(n * step).ToUnixTimeMilliseconds();
                var record = index ? "" : JsonSerializer.Serialize(new AttemptRecord(DateTimeOffset.FromUnixTimeMilliseconds(atMs), messageId, eventId, "order.completed", 1,
                    "success", 200, 42.17, null, "ok"), GatewayJson.Options);
                argv.AddRange([keys.Attempts(endpoint), keys.OrderIndex(endpoint, OrderIndex.KeyOf(OrderId(order))), atMs, record, OrderIndex.Member(messageId, 1)]);
            }

            pending.Add(db.ScriptEvaluateAsync(loaded.Hash, values: [.. argv]));
            if (pending.Count >= 8)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                budget.Token.ThrowIfCancellationRequested();
            }
        }

        await Task.WhenAll(pending);
    }

    await WriteAsync(index: false);
    var logsOnly = await UsedMemoryAsync(server);
    await WriteAsync(index: true);
    var withIndex = await UsedMemoryAsync(server);
    Console.WriteLine($"used_memory: {logsOnly:N0} bytes with the logs, {withIndex:N0} with the index: {(withIndex - logsOnly) / (double)entries:F1} bytes per index entry");
    var sample = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => (int)((long)i * orders / 100)).Select(async o =>
    {
        var endpoint = endpoints[(int)((long)o * perOrder % endpointCount)];
        return (long)await server.ExecuteAsync("MEMORY", "USAGE", keys.OrderIndex(endpoint, OrderIndex.KeyOf(OrderId(o))), "SAMPLES", "0");
    }));
    Console.WriteLine($"MEMORY USAGE of an order's index key at one endpoint (1 entry): median {sample.Order().ElementAt(sample.Length / 2)} bytes");

    var random = new Random(24);
    var times = new List<double>();
    for (var i = -20; i < lookups; i++)
    {
        var order = random.Next(orders);
        var watch = Stopwatch.StartNew();
        var timeline = await http.GetFromJsonAsync<JsonElement>($"/v1/logs?objectId={Uri.EscapeDataString(OrderId(order))}", budget.Token);
        watch.Stop();
        var found = timeline.GetProperty("events").EnumerateArray().Sum(e => e.GetProperty("deliveries").GetArrayLength());
        if (found != perOrder)
        {
            throw new InvalidOperationException($"order {OrderId(order)}: {found} deliveries found, {perOrder} expected: {timeline}");
        }

        if (i >= 0)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine($"lookups: {lookups} GET /v1/logs?objectId= over {entries:N0} entries at {endpointCount} endpoints: " +
        $"median {times[times.Count / 2]:F2} ms, p99 {times[(int)Math.Ceiling(times.Count * 0.99) - 1]:F2} ms, max {times[^1]:F2} ms");
    Console.WriteLine(JsonSerializer.Serialize(new
    {
        entries, endpoints = endpointCount, perOrder, lookups, medianMs = Math.Round(times[times.Count / 2], 2),
        p99Ms = Math.Round(times[(int)Math.Ceiling(times.Count * 0.99) - 1], 2), indexBytesPerEntry = Math.Round((withIndex - logsOnly) / (double)entries, 1),
    }));
}
finally
{
    if (!gateway.HasExited)
    {
        gateway.Kill(entireProcessTree: true);
        await gateway.WaitForExitAsync();
    }

    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
        // Left under .data/bench for the next run to clear.
    }
}

static string OrderId(int order) => $"ORD-{order:D7}";

static async Task<long> UsedMemoryAsync(IServer server)
{
    var info = (string)(await server.ExecuteAsync("INFO", "memory"))!;
    var line = info.Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
    return long.Parse(line["used_memory:".Length..].Trim(), CultureInfo.InvariantCulture);
}

static Process StartGateway(string redis, string adminKey, int logSize, TimeSpan retention, out string baseUrl)
{
    var dll = Path.Combine(AppContext.BaseDirectory, "Gateway.dll");
    baseUrl = $"http://127.0.0.1:{LocalRedisServer.FreePort()}";
    var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    info.ArgumentList.Add(dll);
    info.ArgumentList.Add("--urls");
    info.ArgumentList.Add(baseUrl);
    info.Environment["Redis__Configuration"] = redis;
    info.Environment["Gateway__AdminApiKey"] = adminKey;
    info.Environment["Encryption__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)); // this run's only
    info.Environment["Gateway__Roles"] = "api";
    info.Environment["Security__AllowPrivateNetworks"] = "true";
    info.Environment["Security__AllowHttp"] = "true";
    info.Environment["Delivery__AttemptLogSize"] = logSize.ToString(CultureInfo.InvariantCulture);
    info.Environment["Delivery__LogRetention"] = retention.ToString("c", CultureInfo.InvariantCulture);
    info.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task WaitReadyAsync(HttpClient http, Process gateway, CancellationToken cancellationToken)
{
    for (var i = 0; i < 600; i++)
    {
        if (gateway.HasExited)
        {
            throw new InvalidOperationException($"the gateway exited with code {gateway.ExitCode}");
        }

        try
        {
            if ((await http.GetAsync("/healthz", cancellationToken)).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }

        await Task.Delay(100, cancellationToken);
    }

    throw new TimeoutException("the gateway did not answer /healthz within 60 s");
}

static Dictionary<string, string> Args(string[] args)
{
    var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        parsed[args[i].TrimStart('-')] = args[i + 1];
    }

    return parsed;
}
