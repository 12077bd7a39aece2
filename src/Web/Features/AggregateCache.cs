using System.Collections.Concurrent;

namespace Procurement.Web.Features;

/// <summary>
/// Figures aggregated over a whole union subtree (home totals, dashboards, filter lists) computed once and reused until
/// something changes. Every event this instance's live feed receives marks all of them stale (the page that event
/// refreshes then recomputes), and none is older than <see cref="MaxAge"/> (changes without an event on the feed, such
/// as a new draft). On the province dataset a dashboard is about ten grouped scans of the project and contract tables:
/// recomputing it for every viewer capped the pages at a dozen a second (docs/performance.md).
/// </summary>
public sealed class AggregateCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<object, Entry> entries = new();
    private long generation;

    /// <summary>Something changed: every cached figure is recomputed on its next read.</summary>
    public void Changed() => Interlocked.Increment(ref generation);

    public async Task<T> GetAsync<T>(object key, Func<Task<T>> load)
    {
        var now = time.GetUtcNow();
        var current = Interlocked.Read(ref generation);
        if (entries.TryGetValue(key, out var entry) && entry.Generation == current && now - entry.At < MaxAge) return (T)entry.Value!;
        var value = await load();
        // Stored under the generation read before loading: a change during the load leaves it stale, as it should.
        entries[key] = new Entry(current, now, value);
        return value;
    }

    private sealed record Entry(long Generation, DateTimeOffset At, object? Value);
}
