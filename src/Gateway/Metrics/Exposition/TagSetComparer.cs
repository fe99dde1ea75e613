namespace Gateway.Metrics.Exposition;

/// <summary>
/// Finds a series from the tags of a measurement without allocating: the span passed to the
/// listener is looked up directly, and a <see cref="TagSet"/> is built only for a new series.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<ReadOnlySpan<KeyValuePair<string, object?>>, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    /// <summary>Order-independent, so callers may pass tags in any order.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            var value = tag.Value as string ?? TagSet.ValueText(tag.Value);
            hash += HashCode.Combine(string.GetHashCode(tag.Key, StringComparison.Ordinal), string.GetHashCode(value, StringComparison.Ordinal));
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Hash != y.Hash || x.Tags.Length != y.Tags.Length)
        {
            return false;
        }

        return x.Tags.SequenceEqual(y.Tags);
    }

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(ReadOnlySpan<KeyValuePair<string, object?>> alternate, TagSet other) => other.Matches(alternate);

    public int GetHashCode(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => HashOf(alternate);

    public TagSet Create(ReadOnlySpan<KeyValuePair<string, object?>> alternate) => new(alternate);
}
