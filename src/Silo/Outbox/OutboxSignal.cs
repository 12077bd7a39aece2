using System.Collections.Concurrent;
using System.Diagnostics;

namespace Procurement.Silo.Outbox;

/// <summary>
/// Wakes the dispatcher right after a commit, so events leave without waiting for the next sweep, and hands it the
/// trace context of the work that committed them, so the events' consumers log under the same correlation id.
/// </summary>
/// <remarks>
/// The context is kept in memory only (the outbox table has no column for it): a row published by this node right
/// after its commit, the usual case, carries the command's trace id; a row published later by another node (after a
/// crash, when its lease expired) or by a sweep after a restart starts a trace of its own.
/// </remarks>
public sealed class OutboxSignal
{
    private const int MaxRemembered = 10_000;
    private static readonly TimeSpan RememberFor = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim signal = new(0, 1);
    private readonly ConcurrentDictionary<Guid, (ActivityContext Context, long At)> contexts = new();

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            try { signal.Release(); }
            catch (SemaphoreFullException) { /* already signalled: one wake-up is enough */ }
        }
    }

    /// <summary>Wakes the dispatcher for rows just committed under the current activity.</summary>
    public void Notify(IReadOnlyCollection<Guid> rowIds)
    {
        if (Activity.Current is { } activity && rowIds.Count > 0)
        {
            if (contexts.Count > MaxRemembered) Forget();
            var now = Environment.TickCount64;
            foreach (var id in rowIds) contexts[id] = (activity.Context, now);
        }
        Notify();
    }

    /// <summary>The trace context the row was committed under, when this node committed it recently.</summary>
    public ActivityContext? TakeContext(Guid rowId) => contexts.TryRemove(rowId, out var entry) ? entry.Context : null;

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => signal.WaitAsync(timeout, ct);

    // Rows another node published never come back for their context: drop old entries so the map stays bounded.
    private void Forget()
    {
        var cutoff = Environment.TickCount64 - (long)RememberFor.TotalMilliseconds;
        foreach (var (id, entry) in contexts)
            if (entry.At < cutoff) contexts.TryRemove(id, out _);
    }
}
