using System.Collections.Concurrent;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>A grain of the tests' own: each call reports that it started, then waits until the test releases it.</summary>
public interface IProbeGrain : IGrainWithGuidKey
{
    /// <summary>Records the start of call <paramref name="label"/>, waits for its gate (if the test set one), records its end.</summary>
    Task Run(string label);
}

/// <summary>Stateless (derives from <see cref="Grain"/>), so a call commits nothing: only the turn-taking is observed.</summary>
public sealed class ProbeGrain(ProbeLog log) : Grain, IProbeGrain
{
    public async Task Run(string label)
    {
        log.Begin(Key, label);
        try
        {
            await log.GateOf(label);
        }
        finally
        {
            log.End(Key);
        }
    }
}

/// <summary>What the probe grains saw, per node: which calls started in which order, and how many ran at once per key.</summary>
public sealed class ProbeLog
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> gates = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> starts = new();
    private readonly ConcurrentDictionary<Guid, int> running = new();
    private readonly ConcurrentDictionary<Guid, int> mostRunning = new();
    private readonly List<string> started = [];

    /// <summary>Makes call <paramref name="label"/> wait inside the grain until <see cref="Release"/>.</summary>
    public void Hold(string label) => gates[label] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release(string label) => gates[label].SetResult();

    /// <summary>Completes when call <paramref name="label"/> has entered the grain.</summary>
    public Task BeganAsync(string label) => StartOf(label).Task;

    public bool HasBegun(string label) => StartOf(label).Task.IsCompleted;

    public IReadOnlyList<string> StartOrder
    {
        get { lock (started) return [.. started]; }
    }

    /// <summary>Most calls seen inside the grain with <paramref name="key"/> at the same moment.</summary>
    public int MostAtOnce(Guid key) => mostRunning.GetValueOrDefault(key);

    internal Task GateOf(string label) => gates.TryGetValue(label, out var gate) ? gate.Task : Task.CompletedTask;

    internal void Begin(Guid key, string label)
    {
        var now = running.AddOrUpdate(key, 1, (_, n) => n + 1);
        mostRunning.AddOrUpdate(key, now, (_, most) => Math.Max(most, now));
        lock (started) started.Add(label);
        StartOf(label).TrySetResult();
    }

    internal void End(Guid key) => running.AddOrUpdate(key, 0, (_, n) => n - 1);

    private TaskCompletionSource StartOf(string label) =>
        starts.GetOrAdd(label, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
