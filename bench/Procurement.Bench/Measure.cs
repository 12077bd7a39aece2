using System.Diagnostics;

namespace Procurement.Bench;

/// <summary>Latency samples in milliseconds; percentiles by the nearest-rank method.</summary>
public sealed class Samples
{
    private readonly List<double> values = [];

    public void Add(double milliseconds)
    {
        lock (values) values.Add(milliseconds);
    }

    public void Add(TimeSpan elapsed) => Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        lock (values)
        {
            if (values.Count == 0) return double.NaN;
            var sorted = values.Order().ToArray();
            var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}

/// <summary>What a load run achieved: successes per second, failures, latency samples of the successes.</summary>
public sealed record LoadOutcome(int Succeeded, int Failed, TimeSpan Elapsed, Samples Latency, string? FirstFailure)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;
}

/// <summary>Load drivers: closed loop (N workers, each sending its next request when the last answered) and paced.</summary>
public static class Load
{
    /// <summary>
    /// <paramref name="workers"/> concurrent workers for <paramref name="duration"/>; <paramref name="request"/> returns null on
    /// success or a failure description. With a <paramref name="think"/> time each worker is a person: the first request
    /// comes at a moment of its own within one think time (people do not click in step), and after an answer it waits
    /// 0.5–1.5 × that long before the next; without, it is a client at full speed. A progress line is printed every few
    /// seconds.
    /// </summary>
    public static async Task<LoadOutcome> ClosedLoopAsync(
        string label, int workers, TimeSpan duration, Func<int, long, Task<string?>> request, TimeSpan think = default)
    {
        var latency = new Samples();
        int ok = 0, failed = 0;
        string? firstFailure = null;
        var clock = Stopwatch.StartNew();
        using var ticker = Ticker(label, duration, clock, () => ok, () => failed);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            if (think > TimeSpan.Zero) await Task.Delay(think * Random.Shared.NextDouble());
            for (long i = 0; clock.Elapsed < duration; i++)
            {
                var started = Stopwatch.GetTimestamp();
                string? failure;
                try
                {
                    failure = await request(w, i);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    failure = e.GetType().Name + ": " + e.Message;
                }
                if (failure is null)
                {
                    latency.Add(Stopwatch.GetElapsedTime(started));
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstFailure, failure, null);
                }
                if (think > TimeSpan.Zero) await Task.Delay(think * (0.5 + Random.Shared.NextDouble()));
            }
        })));
        return new LoadOutcome(ok, failed, clock.Elapsed, latency, firstFailure);
    }

    /// <summary>
    /// <paramref name="workers"/> requests sent at the same instant (everyone clicks at once, as at a deadline): the
    /// latency of each, and the first failure if any.
    /// </summary>
    public static async Task<(Samples Latency, string? FirstFailure)> BurstAsync(int workers, Func<int, Task<string?>> request)
    {
        var latency = new Samples();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sent = Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
        {
            await start.Task;
            var started = Stopwatch.GetTimestamp();
            var failure = await request(w);
            latency.Add(Stopwatch.GetElapsedTime(started));
            return failure;
        })).ToList();
        start.SetResult();
        var failures = await Task.WhenAll(sent);
        return (latency, failures.FirstOrDefault(f => f is not null));
    }

    /// <summary>Starts <paramref name="action"/> at a fixed rate (open loop: a slow answer does not slow the next start).</summary>
    public static async Task<TimeSpan> PacedAsync(string label, double perSecond, int count, Func<int, Task> action)
    {
        var clock = Stopwatch.StartNew();
        var running = new List<Task>(count);
        var lastReport = TimeSpan.Zero;
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            if (due > clock.Elapsed) await Task.Delay(due - clock.Elapsed);
            var n = i; // the for variable is shared by every closure
            running.Add(Task.Run(() => action(n)));
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"    {label}: {i + 1}/{count} started in {clock.Elapsed.TotalSeconds:0} s");
            }
        }
        await Task.WhenAll(running);
        return clock.Elapsed;
    }

    private static Timer Ticker(string label, TimeSpan duration, Stopwatch clock, Func<int> ok, Func<int> failed) =>
        new(_ => Console.WriteLine($"    {label}: {clock.Elapsed.TotalSeconds:0}/{duration.TotalSeconds:0} s, {ok()} ok, {failed()} failed"),
            null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
}

/// <summary>A process's memory from /proc: resident now and at its peak.</summary>
public static class ProcessMemory
{
    public static (double RssMb, double PeakMb) Of(int pid)
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kb(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kb(line) / 1024.0;
        }
        return (rss, peak);
    }

    private static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
}
