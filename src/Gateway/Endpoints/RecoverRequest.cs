using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Problems;

namespace Gateway.Endpoints;

/// <summary>A recovery window.</summary>
/// <param name="Since">Messages accepted from this RFC 3339 date-time on.</param>
/// <param name="Until">Up to this one (default: now); not before <paramref name="Since"/>.</param>
public sealed partial record RecoverRequest(DateTimeOffset Since, DateTimeOffset? Until = null) : IJsonRequest<RecoverRequest>
{
    private static readonly string[] s_fields = ["since", "until"];

    /// <summary>
    /// Reads the window field by field rather than by deserializing: a window's ends are instants, so a number, a bare
    /// date or a local time is a 422 at its pointer, not the 400 a wrong JSON type answers elsewhere.
    /// </summary>
    static RecoverRequest IJsonRequest<RecoverRequest>.Read(JsonElement body)
    {
        if (RequestJson.RefuseUnknownFields(body, "a recovery", s_fields) is { } unknown)
        {
            throw new RejectedRequestException(unknown);
        }

        var errors = new List<FieldError>();
        var since = ReadTime(body, "since", required: true, errors);
        var until = ReadTime(body, "until", required: false, errors);
        if (since is not null && until is not null && until < since)
        {
            errors.Add(new FieldError("/until", "until must not be before since."));
        }

        return errors.Count == 0
            ? new RecoverRequest(since!.Value, until)
            : throw new RejectedRequestException(Problem.Validation("The recovery window is not valid.", errors));
    }

    // A full RFC 3339 date-time with its offset: a window's ends are instants, so a bare date or a local time is refused.
    private static DateTimeOffset? ReadTime(JsonElement body, string name, bool required, List<FieldError> errors)
    {
        var path = "/" + name;
        if (!body.TryGetProperty(name, out var value) || (!required && value.ValueKind == JsonValueKind.Null))
        {
            if (required)
            {
                errors.Add(new FieldError(path, $"{name} is required: an RFC 3339 date-time such as 2026-01-31T14:00:00Z."));
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.String && DateTime().IsMatch(value.GetString()!)
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed.Year >= 1970)
        {
            return parsed;
        }

        errors.Add(new FieldError(path, $"{name} must be an RFC 3339 date-time with its offset, such as 2026-01-31T14:00:00Z."));
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();
}
