using System.Reflection;
namespace Gateway.Delivery.Storage;

/// <summary>
/// Loads the engine's Lua from its embedded <c>.lua</c> files as <see cref="RedisScript"/>s with named <c>@parameters</c>:
/// members of type <see cref="RedisKey"/> go as KEYS, so Redis Cluster routes each call by its hash slot, and a call
/// runs by SHA-1, sending the text again only when the server forgot it (restart, SCRIPT FLUSH).
/// </summary>
public static class LuaScripts
{
    /// <summary>The engine's script <paramref name="file"/> of <paramref name="folder"/>, after the shared chunks it calls.</summary>
    internal static RedisScript Load(string folder, string file, params string[] libraries) =>
        Load(typeof(LuaScripts).Assembly, folder, file, libraries);

    /// <summary>The script <paramref name="file"/> embedded in <paramref name="assembly"/> under <paramref name="folder"/>,
    /// after the shared chunks it calls (paths relative to that folder, or to the project's root when they start with '/').</summary>
    public static RedisScript Load(Assembly assembly, string folder, string file, params string[] libraries) =>
        new RedisScript(Compact(string.Concat(libraries.Select(l => l.StartsWith('/') ? Read(assembly, l[1..]) : Read(assembly, folder, l))) + Read(assembly, folder, file)));

    /// <summary>
    /// The script without its comment lines, indentation and blank lines: shorter to send when a server lacks it, and
    /// to read in <c>SCRIPT</c> output. Only whole-line comments go (<c>--</c> never appears inside the scripts' strings, and a trailing comment stays).
    /// </summary>
    internal static string Compact(string script) =>
        string.Join('\n', script.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith("--", StringComparison.Ordinal)));

    private static string Read(Assembly assembly, string folder, string file) => Read(assembly, $"{folder}/{file}");

    private static string Read(Assembly assembly, string path)
    {
        var name = $"{assembly.GetName().Name}.{path.Replace('/', '.')}";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The Lua script {name} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
