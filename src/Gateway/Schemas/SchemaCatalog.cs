namespace Gateway.Schemas;

/// <summary>The built-in event types: one schema file per type, <c>&lt;eventType&gt;.json</c>, loaded at start.</summary>
public sealed class SchemaCatalog
{
    private readonly Dictionary<string, EventTypeSchema> _schemas;

    /// <exception cref="SchemaDefinitionException">A file is not a valid schema; the gateway must not start without it.</exception>
    public SchemaCatalog(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The schema directory '{directory}' does not exist.");
        }

        _schemas = new Dictionary<string, EventTypeSchema>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            // Local references only, so loading never does I/O and blocking here is safe at start-up.
            var schema = EventTypeSchema.FromJsonAsync(name, File.ReadAllText(file)).GetAwaiter().GetResult();
            _schemas.Add(name, schema);
        }

        BuiltIn = _schemas.Values.ToArray();
    }

    /// <value>The <c>schemas</c> folder next to the application, where the build copies <c>/schemas/*.json</c>.</value>
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "schemas");

    public IReadOnlyCollection<EventTypeSchema> BuiltIn { get; }

    public bool TryGet(string eventType, out EventTypeSchema schema) => _schemas.TryGetValue(eventType, out schema!);
}
