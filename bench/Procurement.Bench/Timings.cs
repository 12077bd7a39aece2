using System.Diagnostics;
using System.Globalization;

namespace Procurement.Bench;

/// <summary>
/// One answered request seen from both ends, in milliseconds: the client's whole wait and the server's own time
/// (Server-Timing <c>app;dur</c>, request start to first byte). With the server's clock (<c>clock;desc</c>, the request's
/// start on the machine's monotonic clock, which client and server share on one machine) the rest of the wait splits into
/// <see cref="Before"/> (sending, accepting, parsing, waiting for a thread until the pipeline starts) and
/// <see cref="After"/> (the body after the first byte, the network, the client's own continuation).
/// </summary>
public readonly record struct RequestTiming(long Sent, double Total, double Server, double? Before)
{
    public double Gap => Total - Server;

    public double? After => Before is { } before ? Total - Server - before : null;
}

/// <summary>The timings of every answered request of one measurement, and their summary for the results.</summary>
public sealed class RequestTimings
{
    private readonly List<RequestTiming> timings = [];

    /// <summary>Records an answer sent at <paramref name="sent"/> and read completely at <paramref name="read"/> (client timestamps).</summary>
    public void Add(long sent, long read, HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Server-Timing", out var values)) return;
        double? server = null;
        long? clock = null;
        foreach (var metric in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (metric.StartsWith("app;dur=", StringComparison.Ordinal)
                && double.TryParse(metric.AsSpan(8), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)) server = ms;
            else if (metric.StartsWith("clock;desc=", StringComparison.Ordinal)
                && long.TryParse(metric.AsSpan(11), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)) clock = ticks;
        }
        if (server is null) return;
        var total = Stopwatch.GetElapsedTime(sent, read).TotalMilliseconds;
        double? before = clock is { } start && start >= sent && start <= read ? Stopwatch.GetElapsedTime(sent, start).TotalMilliseconds : null;
        lock (timings) timings.Add(new RequestTiming(sent, total, server.Value, before));
    }

    public double ServerPercentile(double p) => Percentile(t => t.Server, p);

    public double GapPercentile(double p) => Percentile(t => t.Gap, p);

    /// <summary>
    /// Where the slowest 5 % of the requests spent their time, on average: before the pipeline, in it, after the first
    /// byte. Empty when the server did not give its clock.
    /// </summary>
    public string SlowestSplit()
    {
        List<RequestTiming> slow;
        lock (timings) slow = timings.OrderByDescending(t => t.Total).Take(Math.Max(1, timings.Count / 20)).Where(t => t.Before is not null).ToList();
        if (slow.Count == 0) return "";
        return string.Create(CultureInfo.InvariantCulture,
            $"slowest 5 % ({slow.Count}): {slow.Average(t => t.Total):0} ms = {slow.Average(t => t.Before!.Value):0.0} before the pipeline + " +
            $"{slow.Average(t => t.Server):0.0} in it + {slow.Average(t => t.After!.Value):0.0} after the first byte");
    }

    /// <summary>Every request as a CSV row (start relative to the first, then the split), to look at when and how they were slow.</summary>
    public async Task WriteAsync(string path)
    {
        List<RequestTiming> all;
        lock (timings) all = [.. timings.OrderBy(t => t.Sent)];
        if (all.Count == 0) return;
        var first = all[0].Sent;
        await File.WriteAllLinesAsync(path, all.Select(t => string.Create(CultureInfo.InvariantCulture,
            $"{Stopwatch.GetElapsedTime(first, t.Sent).TotalMilliseconds:0.0},{t.Total:0.0},{t.Before:0.0},{t.Server:0.0},{t.After:0.0}")).Prepend("sent_ms,total_ms,before_ms,server_ms,after_ms"));
    }

    private double Percentile(Func<RequestTiming, double> of, double p)
    {
        var samples = new Samples();
        lock (timings) foreach (var t in timings) samples.Add(of(t));
        return samples.Percentile(p);
    }
}
