using System.Text.Json;
using Gateway.Delivery.Ordering;
using MimeKit;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>
/// What an address entry may be: a literal address (<c>ops@example.com</c>) or a JSON pointer into the event
/// (<c>/order/customer/email</c>). Checked at registration and again on every resolved address, since events are the
/// tenant's data too: no line breaks or control characters (header injection), one mailbox per value, bounded counts.
/// </summary>
public static class EmailAddressRules
{
    /// <summary>Entries one of to, cc or bcc may list.</summary>
    public const int MaxEntriesPerList = 20;

    /// <summary>Recipients one message may have once pointers are resolved (a pointer may name an array).</summary>
    public const int MaxRecipients = 50;

    public const int MaxAddressLength = 254;

    /// <summary>Longest subject template.</summary>
    public const int MaxSubjectLength = 500;

    /// <summary>Longest text or html template.</summary>
    public const int MaxTemplateLength = 64 * 1024;

    public static bool IsPointer(string entry) => entry.StartsWith('/');

    /// <summary>Null when <paramref name="entry"/> is a valid literal address or JSON pointer, else why not.</summary>
    public static string? ValidateEntry(string entry)
    {
        if (HasControl(entry))
        {
            return "an address must not contain line breaks or other control characters.";
        }

        if (IsPointer(entry))
        {
            return entry.Length > 200 || !GroupKey.IsValid(entry, out _) ? "not a valid JSON pointer into the event (at most 200 characters; '~' followed by '0' or '1')." : null;
        }

        return TryParse(entry, out _, out var why) ? null : why;
    }

    /// <summary>Parses one literal address: a single mailbox, optionally with a display name.</summary>
    public static bool TryParse(string value, out MailboxAddress? mailbox, out string? why)
    {
        mailbox = null;
        if (value.Length is 0 or > MaxAddressLength || HasControl(value))
        {
            why = $"an address is 1 to {MaxAddressLength} characters without line breaks or control characters.";
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, value, out var parsed) || !parsed.Address.Contains('@', StringComparison.Ordinal) || parsed.Address.StartsWith('@') || parsed.Address.EndsWith('@'))
        {
            why = $"'{value}' is not an e-mail address such as name@example.com, nor a JSON pointer starting with '/'.";
            return false;
        }

        mailbox = parsed;
        why = null;
        return true;
    }

    /// <summary>
    /// The addresses <paramref name="entries"/> stand for in <paramref name="root"/>; a pointer may name a string or an
    /// array of strings. False with why when one is missing or invalid: that event can never make this message.
    /// </summary>
    public static bool TryResolve(IReadOnlyList<string>? entries, JsonElement root, List<MailboxAddress> into, out string? why)
    {
        why = null;
        foreach (var entry in entries ?? [])
        {
            if (!IsPointer(entry))
            {
                if (!TryParse(entry, out var literal, out why))
                {
                    return false;
                }

                into.Add(literal!);
                continue;
            }

            if (!GroupKey.TryResolve(root, entry, out var value) || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                why = $"{entry} names no e-mail address in this event.";
                return false;
            }

            foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : Enumerable.Repeat(value, 1))
            {
                if (item.ValueKind != JsonValueKind.String || !TryParse(item.GetString()!, out var resolved, out why))
                {
                    why = $"{entry}: {why ?? "an array of addresses holds a value that is not a string."}";
                    return false;
                }

                if (into.Count >= MaxRecipients)
                {
                    why = $"{entry} names more than {MaxRecipients} recipients.";
                    return false;
                }

                into.Add(resolved!);
            }
        }

        return true;
    }

    public static bool HasControl(string value) => value.Any(char.IsControl);
}
