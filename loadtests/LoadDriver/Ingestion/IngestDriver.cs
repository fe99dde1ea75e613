using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using LoadDriver.Scenarios;

namespace LoadDriver.Ingestion;

/// <summary>
/// Sends events with C concurrent loops over one <see cref="HttpClient"/>: at a fixed rate (loops take the next
/// send slot from a shared schedule) or, with rate 0, each loop back to back.
/// </summary>
internal sealed class IngestDriver(HttpClient http, string apiKey, Scenario scenario, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly AuthenticationHeaderValue _auth = new("Bearer", apiKey);
    private long _sequence;

    public async Task<IngestResult> RunAsync(bool warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = new IngestResult();
        var perRequest = Math.Max(1, scenario.BatchSize);
        var requestsPerSecond = scenario.Rate / (double)perRequest;
        long nextSlot = -1;
        var start = time.GetTimestamp();

        async Task LoopAsync()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (scenario.Rate > 0)
                {
                    var due = TimeSpan.FromSeconds(Interlocked.Increment(ref nextSlot) / requestsPerSecond);
                    if (due >= duration)
                    {
                        return;
                    }

                    var wait = due - time.GetElapsedTime(start);
                    if (wait > TimeSpan.FromMilliseconds(1))
                    {
                        await Task.Delay(wait, time, cancellationToken);
                    }
                }
                else if (time.GetElapsedTime(start) >= duration)
                {
                    return;
                }

                await SendOneAsync(warmup, result, cancellationToken);
            }
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, scenario.Connections).Select(_ => Task.Run(LoopAsync, cancellationToken)));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        result.Elapsed = time.GetElapsedTime(start);
        return result;
    }

    private async Task SendOneAsync(bool warmup, IngestResult result, CancellationToken cancellationToken)
    {
        var count = Math.Max(1, scenario.BatchSize);
        var first = Interlocked.Add(ref _sequence, count) - count;
        var now = time.GetUtcNow();
        byte[] body;
        string path;
        if (scenario.BatchSize > 0)
        {
            body = EventDocuments.Batch(Enumerable.Range(0, count).Select(i => EventDocuments.ObjectId(warmup, first + i)), now);
            path = "/v1/events/batch";
        }
        else
        {
            var objectId = EventDocuments.ObjectId(warmup, first);
            body = scenario.SeedBody ? EventDocuments.Seed(objectId, now) : EventDocuments.Single(objectId, now);
            path = "/v1/events";
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = Json;
        request.Headers.Authorization = _auth;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            result.Latency.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode)
            {
                result.RejectedWith($"{path} answered {status}: {System.Text.Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 500))}");
                result.Count(status, 0, count);
            }
            else if (scenario.BatchSize > 0)
            {
                using var json = JsonDocument.Parse(answer);
                var accepted = json.RootElement.GetProperty("accepted").GetInt64();
                var rejected = json.RootElement.GetProperty("rejected").GetInt64();
                if (rejected > 0)
                {
                    result.RejectedWith($"{path} rejected {rejected} of {count}: {System.Text.Encoding.UTF8.GetString(answer, 0, Math.Min(answer.Length, 500))}");
                }

                result.Count(status, accepted, rejected);
            }
            else
            {
                result.Count(status, 1, 0);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException
            || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            result.Error($"{path}: {ex.GetType().Name}: {ex.Message}");
        }
    }
}
