namespace Gateway.Schemas;

/// <summary>One reason a document does not match a schema.</summary>
/// <param name="Path">RFC 6901 JSON pointer to the offending value (or missing property); "" is the root.</param>
/// <param name="Message">What is wrong, for a human.</param>
public readonly record struct SchemaError(string Path, string Message);
