using Gateway.Hosting;
using Gateway.LocalStore;


var builder = WebApplication.CreateBuilder(args);
var localStore = builder.StartLocalStoreIfUnconfigured();
builder.EnsureAdminKey();
builder.AddGatewayServices();

var app = builder.Build();
app.MapGateway();
if (localStore is not null)
{
    app.Lifetime.ApplicationStopped.Register(() => localStore.StopGracefullyAsync().GetAwaiter().GetResult());
}

app.Run();

/// <summary>Entry point, public for <c>WebApplicationFactory</c>.</summary>
public partial class Program;
