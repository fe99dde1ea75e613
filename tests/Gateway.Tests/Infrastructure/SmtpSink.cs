using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Gateway.LocalStore;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on a free loopback port (the SmtpServer package): it keeps every message it accepts with its
/// envelope, and answers the next DATA commands with the replies queued in <see cref="Replies"/> (4yz, 5yz) before 250.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    private SmtpSink(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        var server = new SmtpServer.SmtpServer(options, services);
        _running = server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Replies for the next DATA commands, in order; an empty queue accepts (250).</summary>
    public ConcurrentQueue<(int Code, string Text)> Replies { get; } = new();

    public ConcurrentQueue<Received> Messages { get; } = new();

    /// <summary>Every DATA the server answered, with the code it answered.</summary>
    public ConcurrentQueue<int> Answers { get; } = new();

    /// <summary>Starts listening (within milliseconds; a sender that comes too early gets a connection failure and retries).</summary>
    public static SmtpSink Start() => new(LocalRedisServer.FreePort());

    public static async Task<SmtpSink> StartAsync()
    {
        var sink = Start();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, sink.Port);
                return sink;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException("The SMTP sink did not start listening.");
    }

    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyCollection<Received>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = Messages.ToArray();
            if (condition(snapshot))
            {
                return snapshot;
            }

            await Task.Delay(25);
        }

        Assert.Fail($"The SMTP sink did not see what was expected; it accepted {Messages.Count} messages and answered {string.Join(",", Answers)}.");
        return [];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    /// <summary>One accepted message: the envelope (MAIL FROM, RCPT TO) and the parsed MIME message.</summary>
    public sealed record Received(string EnvelopeFrom, IReadOnlyList<string> EnvelopeTo, MimeMessage Message);

    private sealed class Store(SmtpSink sink) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (sink.Replies.TryDequeue(out var reply))
            {
                sink.Answers.Enqueue(reply.Code);
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)reply.Code, reply.Text));
            }

            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            var from = transaction.From is { } f ? $"{f.User}@{f.Host}" : "";
            sink.Messages.Enqueue(new Received(from, [.. transaction.To.Select(t => $"{t.User}@{t.Host}")], message));
            sink.Answers.Enqueue(250);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
