using System.Globalization;
using Procurement.Integration.Tests.Infrastructure;

namespace Procurement.Bench;

/// <summary>
/// A process's runtime and Kestrel metrics sampled once a second while a measurement runs, by <c>dotnet-counters</c> (the
/// repository's local tool, .config/dotnet-tools.json) attached to it: thread-pool threads and queue, GC collections and
/// pause time, CPU, lock contention, Kestrel's queued connections and requests. The tool runs beside the load, so it
/// observes without adding work to the process measured.
/// </summary>
public static class RuntimeCounters
{
    private static Task<string?>? restored;

    /// <summary>
    /// Samples process <paramref name="pid"/> for <paramref name="duration"/> and summarizes what it saw; a sentence saying
    /// why not when the tool is unavailable (the figure is then taken without it).
    /// </summary>
    public static async Task<string> SampleAsync(int pid, TimeSpan duration, string csv)
    {
        if (await (restored ??= RestoreAsync()) is { } why) return why;
        var (code, output) = await LoggedProcess.RunAsync(AppBinaries.Dotnet,
            ["dotnet-counters", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters",
             "System.Runtime,Microsoft.AspNetCore.Server.Kestrel", "--format", "csv", "-o", csv, "--refresh-interval", "1",
             "--duration", duration.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture)],
            duration + TimeSpan.FromSeconds(30), workingDirectory: ToolRoot);
        return code == 0 && File.Exists(csv) ? Summarize(File.ReadLines(csv)) : $"dotnet-counters exited with {code}: {output.Trim()}";
    }

    /// <summary>One line of what matters for a latency tail, from dotnet-counters' CSV.</summary>
    public static string Summarize(IEnumerable<string> csv)
    {
        // Timestamp,Provider,Counter Name,Counter Type,Mean/Increment — the name may hold commas in its tags.
        var samples = new Dictionary<string, List<double>>();
        foreach (var line in csv.Skip(1))
        {
            var fields = line.Split(',');
            if (fields.Length < 5 || !double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var name = string.Join(',', fields[2..^2]);
            (samples.TryGetValue(name, out var list) ? list : samples[name] = []).Add(value);
        }
        List<double> Of(string prefix, string? tag = null) =>
            samples.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal) && (tag is null || s.Key.Contains(tag, StringComparison.Ordinal)))
                .SelectMany(s => s.Value).ToList();
        double Max(List<double> v) => v.Count == 0 ? 0 : v.Max();
        double Min(List<double> v) => v.Count == 0 ? 0 : v.Min();
        double Sum(List<double> v) => v.Sum();
        var threads = Of("dotnet.thread_pool.thread.count");
        var cpu = Of("dotnet.process.cpu.time");
        var seconds = Math.Max(1, Of("dotnet.process.cpu.time", "user").Count);
        return string.Create(CultureInfo.InvariantCulture,
            $"pool threads {Min(threads):0}–{Max(threads):0}, queue max {Max(Of("dotnet.thread_pool.queue.length")):0}; " +
            $"GC {Sum(Of("dotnet.gc.collections", "gen0")):0}/{Sum(Of("dotnet.gc.collections", "gen1")):0}/{Sum(Of("dotnet.gc.collections", "gen2")):0} (gen 0/1/2), " +
            $"paused {Sum(Of("dotnet.gc.pause.time")) * 1000:0} ms in {seconds} s; CPU {Sum(cpu) / seconds:0.00} cores; " +
            $"lock contentions {Sum(Of("dotnet.monitor.lock_contentions")):0}; " +
            $"Kestrel queued connections max {Max(Of("kestrel.queued_connections")):0}, requests max {Max(Of("kestrel.queued_requests")):0}");
    }

    /// <summary>The folder of the tool manifest: the repository's root, found from the benchmark's build output.</summary>
    private static string ToolRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json"))) return dir.FullName;
            return Directory.GetCurrentDirectory();
        }
    }

    private static async Task<string?> RestoreAsync()
    {
        var (code, output) = await LoggedProcess.RunAsync(AppBinaries.Dotnet, ["tool", "restore"], TimeSpan.FromMinutes(3), workingDirectory: ToolRoot);
        if (code == 0) return null;
        Console.WriteLine($"    dotnet tool restore failed ({code}); runtime counters are left out: {output.Trim()}");
        return "runtime counters unavailable (dotnet tool restore failed)";
    }
}
