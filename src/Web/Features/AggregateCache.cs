using System.Collections.Concurrent;

namespace Procurement.Web.Features;

/// <summary>
/// Figures aggregated over a whole union subtree (home totals, dashboards, filter lists) computed once and shared
/// until something changes. Every event this instance's live feed receives, and every command this instance's users
/// carry out (<see cref="Hosting.GrainCommands"/>), marks all of them stale, so the next page recomputes; without either
/// a figure is refreshed after <see cref="MaxAge"/> (changes that reach no feed made through another Web instance, such
/// as a new draft). One request computes while the others wait for it (after an event) or keep reading the
/// previous figure (after the age limit). On the province dataset a dashboard is about ten grouped scans of the project
/// and contract tables: computed per viewer, they held the pages to a dozen a second (docs/performance.md).
/// </summary>
/// <remarks>
/// Loads run without the request's cancellation: other requests may be waiting for the same result. An entry is published
/// before its load starts, because a load on SQLite runs synchronously to its end on the calling thread (its async
/// methods complete synchronously): published after, every request arriving meanwhile would start its own scan, and a
/// burst of readers after a change or at the age limit would hold every pool thread with the same computation.
/// </remarks>
public sealed class AggregateCache(TimeProvider time)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<object, Entry> entries = new();
    private long generation;

    /// <summary>How many figures are held, one per key: callers key by bounded sets (unions, catalog values, languages), never by raw input.</summary>
    public int Count => entries.Count;

    /// <summary>Something changed: every cached figure is recomputed on its next read.</summary>
    public void Changed() => Interlocked.Increment(ref generation);

    public async Task<T> GetAsync<T>(object key, Func<Task<T>> load)
    {
        var now = time.GetUtcNow();
        var current = Interlocked.Read(ref generation);
        if (entries.TryGetValue(key, out var entry) && entry.Generation == current && !entry.Failed)
        {
            // A refresh in progress: the previous figure meanwhile.
            if (!entry.Value.IsCompleted && entry.Previous is { } previous) return (T)(await previous)!;
            if (now - entry.At < MaxAge || !entry.Value.IsCompletedSuccessfully) return (T)(await entry.Value)!;
            // Aged without a change: this request refreshes it, everyone else keeps reading the previous figure meanwhile.
            var refreshed = new Entry(current, now, entry.Value);
            if (!entries.TryUpdate(key, refreshed, entry)) return (T)(await entry.Value)!;
            return (T)(await Computed(key, refreshed, load))!;
        }
        var created = new Entry(current, now, null);
        var winner = entries.AddOrUpdate(key, created, (_, old) => old.Generation == current && !old.Failed ? old : created);
        return (T)(await (winner == created ? Computed(key, created, load) : winner.Value))!;
    }

    /// <summary>Runs the load of a published entry; a failed one is removed, so the next request tries again.</summary>
    private async Task<object?> Computed<T>(object key, Entry entry, Func<Task<T>> load)
    {
        try
        {
            entry.Set(await load());
        }
        catch (Exception e)
        {
            entry.Fail(e);
            entries.TryRemove(new KeyValuePair<object, Entry>(key, entry));
        }
        return await entry.Value;
    }

    private sealed class Entry(long generation, DateTimeOffset at, Task<object?>? previous)
    {
        private readonly TaskCompletionSource<object?> value = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long Generation => generation;

        public DateTimeOffset At => at;

        /// <summary>The figure this entry refreshes, read while the refresh runs.</summary>
        public Task<object?>? Previous => previous;

        public Task<object?> Value => value.Task;

        public bool Failed => value.Task.IsFaulted;

        public void Set(object? result) => value.SetResult(result);

        public void Fail(Exception e) => value.SetException(e);
    }
}
