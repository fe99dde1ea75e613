using System.Collections.Concurrent;

namespace Gateway.Metrics.Exposition;

/// <summary>The series of one instrument by label set; lock-free for measurements of known series.</summary>
internal sealed class SeriesMap<TSeries>(Func<TSeries> create)
    where TSeries : class
{
    private readonly ConcurrentDictionary<TagSet, TSeries> _series = new(TagSetComparer.Instance);

    public TSeries Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var lookup = _series.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        if (lookup.TryGetValue(tags, out var series))
        {
            return series;
        }

        series = create();
        return lookup.TryAdd(tags, series) ? series : lookup[tags];
    }

    /// <summary>A stable order for the exposition: by rendered labels.</summary>
    public KeyValuePair<TagSet, TSeries>[] Snapshot()
    {
        var snapshot = _series.ToArray();
        Array.Sort(snapshot, static (a, b) => string.CompareOrdinal(a.Key.Rendered, b.Key.Rendered));
        return snapshot;
    }

    public void Clear() => _series.Clear();
}
