using Floor;

var options = FloorOptions.Parse(args);
var builder = WebApplication.CreateSlimBuilder(options.HostArgs);
// Hosting logs every request at Information; the floor must not pay for that.
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (options.Redis is not null)
{
    await builder.AddListPushAsync(options.Redis);
}

var app = builder.Build();
app.MapGet("/healthz", () => TypedResults.Ok());
app.MapPost("/v1/events", options.Redis is null ? FloorEndpoint.AcceptAsync : FloorEndpoint.AcceptAndPushAsync);
app.Run();
