using System.Text.Json;

namespace Gateway.Filters;

/// <summary><c>$eventType</c>: <c>subject + "." + type</c>, when both are strings.</summary>
internal sealed class EventTypeSource() : ValueSource(ComputedFields.EventType)
{
    private const int JoinedChars = (2 * JsonValues.StackChars) + 1;

    private static ReadOnlySpan<byte> Subject => "subject"u8;
    private static ReadOnlySpan<byte> Type => "type"u8;

    public override bool Any(ref EventContext context, ValuePredicate predicate)
    {
        var root = context.Root;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(Subject, out var subjectElement) || subjectElement.ValueKind != JsonValueKind.String
            || !root.TryGetProperty(Type, out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        Span<char> subjectBuffer = stackalloc char[JsonValues.StackChars];
        Span<char> typeBuffer = stackalloc char[JsonValues.StackChars];
        var subject = JsonValues.GetChars(subjectElement, subjectBuffer);
        var type = JsonValues.GetChars(typeElement, typeBuffer);
        var length = subject.Length + 1 + type.Length;
        if (length > JoinedChars)
        {
            return predicate.TestString(string.Concat(subject, ".", type));
        }

        Span<char> joined = stackalloc char[JoinedChars];
        subject.CopyTo(joined);
        joined[subject.Length] = '.';
        type.CopyTo(joined[(subject.Length + 1)..]);
        return predicate.TestString(joined[..length]);
    }
}
