using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Webhooks.AspNetCore;
using Gateway.Webhooks.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Webhooks.AspNetCore;

/// <summary><c>RequireStandardWebhook</c> on a real Kestrel minimal API on 127.0.0.1.</summary>
public sealed class RequireStandardWebhookTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly List<(string Id, string BodyReadByHandler, int ContextBodyLength)> _handled = [];
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/webhooks", async (HttpRequest request, WebhookContext webhook) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            lock (_handled)
            {
                _handled.Add((webhook.Id, body, webhook.Body.Length));
            }

            return Results.NoContent();
        }).RequireStandardWebhook(Secret, new WebhookVerifierOptions { MaxBodyBytes = 4096 });
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task SignedDelivery_ReachesHandler_WhichReadsTheBodyAgainAndSeesTheWebhookId()
    {
        const string body = "{\"subject\":\"order\",\"type\":\"completed\",\"objectId\":\"ORD-1\"}";
        var response = await _http.SendAsync(Signed("msg_filter_1", DateTimeOffset.UtcNow, body));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var handled = Assert.Single(_handled);
        Assert.Equal("msg_filter_1", handled.Id);
        Assert.Equal(body, handled.BodyReadByHandler);
        Assert.Equal(Encoding.UTF8.GetByteCount(body), handled.ContextBodyLength);
    }

    [Fact]
    public async Task TamperedBody_401ProblemWithReason_HandlerNeverRuns()
    {
        var request = Signed("msg_filter_2", DateTimeOffset.UtcNow, "{\"total\":10}");
        request.Content = new StringContent("{\"total\":99}", Encoding.UTF8, "application/json");

        var response = await _http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, nameof(WebhookFailure.NoMatchingSignature));
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task OldTimestamp_401TimestampOutOfTolerance()
    {
        var response = await _http.SendAsync(Signed("msg_filter_3", DateTimeOffset.UtcNow.AddMinutes(-10), "{}"));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, nameof(WebhookFailure.TimestampOutOfTolerance));
    }

    [Fact]
    public async Task NoSignatureHeaders_401MissingHeader()
    {
        var response = await _http.PostAsync("/webhooks", new StringContent("{}", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, nameof(WebhookFailure.MissingHeader));
        Assert.Empty(_handled);
    }

    [Fact]
    public async Task BodyOverTheLimit_413_HandlerNeverRuns()
    {
        var response = await _http.SendAsync(Signed("msg_filter_4", DateTimeOffset.UtcNow, new string('x', 5000)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_handled);
    }

    private static HttpRequestMessage Signed(string id, DateTimeOffset at, string body) => new(HttpMethod.Post, "/webhooks")
    {
        Content = new StringContent(body, Encoding.UTF8, "application/json"),
        Headers =
        {
            { WebhookHeaders.Id, id },
            { WebhookHeaders.Timestamp, at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { WebhookHeaders.Signature, WebhookSigner.Sign(Secret, id, at, Encoding.UTF8.GetBytes(body)) },
        },
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string reason)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.Equal("Webhook verification failed", problem.GetProperty("title").GetString());
    }
}
