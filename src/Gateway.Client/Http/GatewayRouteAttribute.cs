namespace Gateway.Client.Http;

/// <summary>The route a client method calls, as the OpenAPI document names it; a test compares them with the document.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class GatewayRouteAttribute(string method, string path) : Attribute
{
    public string Method { get; } = method;

    public string Path { get; } = path;
}
