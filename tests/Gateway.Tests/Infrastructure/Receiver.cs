using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Infrastructure;

/// <summary>One webhook request as the receiver saw it.</summary>
public sealed record ReceivedRequest(string Path, string Id, string Timestamp, string Signature, string Body, IHeaderDictionary Headers, DateTimeOffset At)
{
    /// <summary>Fires when the sender gives up on the request (it timed out or closed the connection); valid while
    /// <see cref="Receiver.Respond"/> runs.</summary>
    public CancellationToken Aborted { get; init; }
}

/// <summary>
/// A real HTTP receiver: Kestrel on 127.0.0.1 with a free port. <see cref="Respond"/> decides each answer;
/// every request is recorded.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Receiver(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Answers a request: by default 200. Set per test.</summary>
    public Func<ReceivedRequest, int, Task<IResult>> Respond { get; set; } = (_, _) => Task.FromResult(Results.Ok());

    public string BaseUrl { get; private set; } = "";

    public string Url(string path = "/hook") => BaseUrl + path;

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            // Kestrel reuses the request's header collection once the request ends: keep a copy.
            var h = new HeaderDictionary(context.Request.Headers.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase));
            var request = new ReceivedRequest(context.Request.Path, h["webhook-id"].ToString(), h["webhook-timestamp"].ToString(),
                h["webhook-signature"].ToString(), body, h, DateTimeOffset.UtcNow) { Aborted = context.RequestAborted };
            receiver.Requests.Enqueue(request);
            var count = receiver.Requests.Count(r => r.Path == request.Path);
            return await receiver.Respond(request, count);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(Func<IReadOnlyCollection<ReceivedRequest>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = Requests.ToArray();
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(25);
        }

        var final = Requests.ToArray();
        Assert.Fail($"The receiver did not see what was expected within the timeout; it saw {final.Length} requests: {string.Join(", ", final.Select(r => r.Path + "#" + r.Id))}");
        return final;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
