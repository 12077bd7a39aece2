using System.Collections.Concurrent;

namespace Procurement.Web.Features;

/// <summary>
/// Figures aggregated over a whole union subtree (home totals, dashboards, filter lists) computed once and shared
/// until something changes. Every event this instance's live feed receives marks all of them stale, so the page that
/// event refreshes recomputes; without an event a figure is refreshed after <see cref="MaxAge"/> (changes that reach no
/// feed, such as a new draft). One request computes while the others wait for it (after an event) or keep reading the
/// previous figure (after the age limit). On the province dataset a dashboard is about ten grouped scans of the project
/// and contract tables: computed per viewer, they held the pages to a dozen a second (docs/performance.md).
/// </summary>
/// <remarks>Loads run without the request's cancellation: other requests may be waiting for the same result.</remarks>
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
        if (entries.TryGetValue(key, out var entry) && entry.Generation == current && !entry.Value.IsFaulted && !entry.Value.IsCanceled)
        {
            if (now - entry.At < MaxAge || !entry.Value.IsCompletedSuccessfully) return (T)(await entry.Value)!;
            // Aged without a change: this request refreshes it, everyone else keeps reading the previous figure meanwhile.
            var refreshed = new Entry(current, now, Load(load));
            if (entries.TryUpdate(key, refreshed, entry)) return (T)(await refreshed.Value)!;
            return (T)(await entry.Value)!;
        }
        var created = new Entry(current, now, Load(load));
        var winner = entries.AddOrUpdate(key, created, (_, old) =>
            old.Generation == current && !old.Value.IsFaulted && !old.Value.IsCanceled ? old : created);
        try
        {
            return (T)(await winner.Value)!;
        }
        catch
        {
            entries.TryRemove(new KeyValuePair<object, Entry>(key, winner)); // the next request tries again
            throw;
        }
    }

    private static async Task<object?> Load<T>(Func<Task<T>> load) => await load();

    private sealed record Entry(long Generation, DateTimeOffset At, Task<object?> Value);
}
