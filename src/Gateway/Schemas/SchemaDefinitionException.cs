namespace Gateway.Schemas;

/// <summary>Thrown when a text is not a JSON schema this gateway can enforce.</summary>
public sealed class SchemaDefinitionException : Exception
{
    public SchemaDefinitionException(string message, IReadOnlyList<SchemaError>? problems = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Problems = problems ?? [];
    }

    /// <summary>Each problem with a JSON pointer into the schema document; empty when the text is not JSON at all.</summary>
    public IReadOnlyList<SchemaError> Problems { get; }
}
