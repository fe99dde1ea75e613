using Gateway.LocalStore;

namespace Gateway.Tests.Deploy;

/// <summary>Files of the repository the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    public static Dictionary<string, object?> Yaml(string relative) =>
        Assert.IsType<Dictionary<string, object?>>(MiniYaml.Parse(Read(relative)));

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<Dictionary<string, object?>>(Assert.Contains(key, map));

    public static List<object?> List(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<List<object?>>(Assert.Contains(key, map));

    public static string Text(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<string>(Assert.Contains(key, map));
}
