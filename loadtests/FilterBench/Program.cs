// Times matching one order event against the endpoints of one tenant, as EventIngestor does on every event:
// EndpointSnapshot.Accepts (event types, then the compiled filter) over every endpoint. Filters are the seed's
// subscriber rules (002): status trigger, price trigger, product filter, blocklist, order count; one or two each.
// Usage: dotnet run -c Release --project loadtests/FilterBench -- [endpoints=1000] [iterations=5000]
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FilterBench;
using Gateway.Endpoints;

var endpointCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;

var snapshots = Tenant.Build(endpointCount, new Random(42));
using var document = JsonDocument.Parse(Tenant.SampleEvent);
var root = document.RootElement;
const string eventType = "order.completed";

var accepted = MatchAll(snapshots, eventType, root);
for (var i = 0; i < 2000; i++)
{
    MatchAll(snapshots, eventType, root); // warm up: tiered JIT and PGO
}

var samples = new double[iterations];
var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
for (var i = 0; i < iterations; i++)
{
    var started = Stopwatch.GetTimestamp();
    MatchAll(snapshots, eventType, root);
    samples[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
}

var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)iterations;
Array.Sort(samples);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"endpoints: {snapshots.Length} ({snapshots.Count(s => s.Filter is not null)} with a filter), accepted: {accepted}, iterations: {iterations}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"per event: median {samples[iterations / 2]:F1} µs, p99 {samples[(int)(iterations * 0.99)]:F1} µs, max {samples[^1]:F1} µs, mean {samples.Average():F1} µs"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated: {allocated:F0} bytes per event ({allocated / snapshots.Length:F1} per endpoint)"));

static int MatchAll(EndpointSnapshot[] snapshots, string eventType, JsonElement root)
{
    var accepted = 0;
    foreach (var snapshot in snapshots)
    {
        if (snapshot.Accepts(eventType, root, out _))
        {
            accepted++;
        }
    }

    return accepted;
}
