using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>
/// NJsonSchema's validator plus the <c>pattern</c>, <c>patternProperties</c> and (next to them)
/// <c>additionalProperties</c> checks that <see cref="PatternKeywords"/> took out of the model, run with linear-time
/// regexes. Errors have the shapes NJsonSchema gives them, so <see cref="ValidationErrorTranslator"/> reads them alike.
/// </summary>
internal sealed class LinearTimeSchemaValidator(JsonSchemaValidatorSettings settings, IReadOnlyDictionary<JsonSchema, PatternRules> rules)
    : JsonSchemaValidator(settings)
{
    // Every recursive step of the base validator comes through here with the actual (dereferenced) schema.
    protected override ICollection<ValidationError> Validate(JToken token, JsonSchema schema, SchemaType schemaType, string? propertyName, string propertyPath)
    {
        var errors = base.Validate(token, schema, schemaType, propertyName, propertyPath);
        if (!rules.TryGetValue(schema, out var rule))
        {
            return errors;
        }

        if (rule.Pattern is { } pattern && token.Type == JTokenType.String && !pattern.IsMatch(token.Value<string>()!))
        {
            errors.Add(new PatternMismatchError(rule.PatternText!, propertyName, propertyPath, token, schema));
        }

        if (rule.PatternProperties.Count > 0 && token is JObject obj)
        {
            ValidatePatternProperties(obj, schema, rule, schemaType, propertyPath, errors);
        }

        return errors;
    }

    private void ValidatePatternProperties(JObject obj, JsonSchema schema, PatternRules rule, SchemaType schemaType, string propertyPath, ICollection<ValidationError> errors)
    {
        foreach (var property in obj.Properties())
        {
            // As JSON Schema (and NJsonSchema 11) has it, patternProperties apply to declared properties too; only
            // properties neither declared nor matched fall to additionalProperties.
            var matched = schema.Properties.ContainsKey(property.Name);
            foreach (var patternProperty in rule.PatternProperties)
            {
                if (patternProperty.Regex.IsMatch(property.Name))
                {
                    matched = true;
                    AddChildErrors(property, patternProperty.Schema, schemaType, errors);
                }
            }

            if (matched)
            {
                continue;
            }

            if (rule.AdditionalPropertiesSchema is { } additional)
            {
                AddChildErrors(property, additional, schemaType, errors);
            }
            else if (!rule.AllowAdditionalProperties)
            {
                var path = string.IsNullOrEmpty(propertyPath) ? property.Name : propertyPath + "." + property.Name;
                errors.Add(new ValidationError(ValidationErrorKind.NoAdditionalPropertiesAllowed, property.Name, path, property, schema));
            }
        }
    }

    private void AddChildErrors(JProperty property, JsonSchema childSchema, SchemaType schemaType, ICollection<ValidationError> errors)
    {
        var childErrors = Validate(property.Value, childSchema.ActualSchema, schemaType, null!, property.Path);
        if (childErrors.Count > 0)
        {
            var byChild = new Dictionary<JsonSchema, ICollection<ValidationError>> { [childSchema] = childErrors };
            errors.Add(new ChildSchemaValidationError(ValidationErrorKind.AdditionalPropertiesNotValid, property.Name, property.Path, byChild, property.Value, childSchema));
        }
    }
}
