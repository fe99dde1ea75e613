using Gateway.Edge.Proxy;

namespace Gateway.Edge;

/// <summary>The edge host: a YARP reverse proxy in front of the gateway's API processes.</summary>
public static class EdgeApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddEdgeProxy();
        var app = builder.Build();
        app.MapEdgeProxy();
        return app;
    }
}
