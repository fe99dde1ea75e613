using Gateway.LocalStore;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Gateway.Tests.Deploy;

/// <summary>Files of the repository the tests run from.</summary>
public static class Repository
{
    private static readonly IDeserializer s_yaml = new DeserializerBuilder().Build();

    public static string Root { get; } = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Gateway.sln not found above the test binaries.");

    public static string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>A YAML file as mappings (string keys), lists and scalars (strings, unresolved), read by YamlDotNet.</summary>
    public static Dictionary<string, object?> Yaml(string relative) =>
        Assert.IsType<Dictionary<string, object?>>(Normalize(s_yaml.Deserialize<object?>(Read(relative))));

    /// <summary>Every document of a multi-document YAML file (<c>---</c> between them), as <see cref="Yaml"/> reads one.</summary>
    public static List<Dictionary<string, object?>> YamlDocuments(string relative)
    {
        var parser = new Parser(new StringReader(Read(relative)));
        parser.Consume<StreamStart>();
        var documents = new List<Dictionary<string, object?>>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(Assert.IsType<Dictionary<string, object?>>(Normalize(s_yaml.Deserialize<object?>(parser))));
        }

        return documents;
    }

    public static Dictionary<string, object?> Map(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<Dictionary<string, object?>>(Assert.Contains(key, map));

    public static List<object?> List(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<List<object?>>(Assert.Contains(key, map));

    public static string Text(this Dictionary<string, object?> map, string key) =>
        Assert.IsType<string>(Assert.Contains(key, map));

    // YamlDotNet reads untyped YAML as Dictionary<object, object> and List<object>; the tests index by string.
    private static object? Normalize(object? node) => node switch
    {
        IDictionary<object, object?> map => map.ToDictionary(e => Assert.IsType<string>(e.Key), e => Normalize(e.Value), StringComparer.Ordinal),
        IList<object?> list => list.Select(Normalize).ToList(),
        _ => node,
    };
}
