namespace Gateway.Edge;

// Not top-level statements: their Program class would clash with the gateway's in the tests, which host both.
internal static class EdgeProgram
{
    private static Task Main(string[] args) => EdgeApp.Build(args).RunAsync();
}
