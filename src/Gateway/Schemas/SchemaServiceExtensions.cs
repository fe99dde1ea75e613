namespace Gateway.Schemas;

/// <summary>Registers the built-in event-type schemas.</summary>
public static class SchemaServiceExtensions
{
    public static IServiceCollection AddSchemas(this IServiceCollection services) =>
        services.AddSingleton(_ => new SchemaCatalog(SchemaCatalog.DefaultDirectory));
}
