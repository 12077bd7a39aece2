using System.Net;
using System.Reflection;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>The built Silo and Web: their dll paths are embedded at build time by Integration.Tests.csproj.</summary>
internal static class AppBinaries
{
    public static string Silo => Find("Procurement.Silo", "PROCUREMENT_SILO_DLL");

    public static string Web => Find("Procurement.Web", "PROCUREMENT_WEB_DLL");

    /// <summary>The dotnet host that runs the apps (the one that runs the build, else the one on PATH).</summary>
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Find(string name, string overrideVariable)
    {
        var path = Environment.GetEnvironmentVariable(overrideVariable)
            ?? typeof(AppBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "App:" + name)?.Value;
        if (path is null || !File.Exists(path))
            throw new FileNotFoundException($"{name}.dll not found ({path ?? "no path embedded"}); build the solution first, or set {overrideVariable}.");
        return path;
    }
}

/// <summary>
/// One Silo or Web as a real process: <c>dotnet &lt;dll&gt;</c> configured by environment variables, its output in a log
/// file, stopped or killed by its PID.
/// </summary>
public sealed class AppProcess
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly string dll;
    private readonly Dictionary<string, string?> environment;
    private LoggedProcess? process;

    internal AppProcess(string name, string dll, string logFolder, IReadOnlyDictionary<string, string?> settings)
    {
        Name = name;
        this.dll = dll;
        Port = FreePorts.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}");
        LogPath = Path.Combine(logFolder, name + ".log");
        environment = new Dictionary<string, string?>(settings) { ["Urls"] = BaseAddress.ToString().TrimEnd('/') };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Pid => process?.Pid ?? 0;

    public bool IsRunning => process is { HasExited: false };

    public int? ExitCode => process?.ExitCode;

    public void Start()
    {
        if (IsRunning) throw new InvalidOperationException($"{Name} is already running (pid {Pid}).");
        process = LoggedProcess.Start(AppBinaries.Dotnet, [dll], LogPath, environment, Path.GetDirectoryName(dll));
    }

    /// <summary>Waits until GET /health answers 200; fails at once, with the log's tail, if the process exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var last = "no answer";
        while (DateTime.UtcNow < until)
        {
            if (process is null || process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {process?.ExitCode} before it was healthy:\n{Tail(60)}");
            try
            {
                using var response = await Probe.GetAsync(new Uri(BaseAddress, "/health"));
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                last = e.Message;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} not healthy after {timeout.TotalSeconds:0} s (last: {last}):\n{Tail(60)}");
    }

    /// <summary>kill -9: no shutdown hook runs, connections drop, in-flight work is lost on this node.</summary>
    public void Kill9() => process?.Kill();

    public async Task<bool> WaitForExitAsync(TimeSpan timeout) => process is null || await process.WaitForExitAsync(timeout);

    public Task StopAsync() => process?.StopAsync(TimeSpan.FromSeconds(8)) ?? Task.CompletedTask;

    public string Tail(int lines = 40) => LoggedProcess.TailOf(LogPath, lines);

    /// <summary>The last log line containing <paramref name="text"/>, or null.</summary>
    public string? LastInLog(string text)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        string? last = null;
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal)) last = line;
        return last;
    }

    /// <summary>The time of day (UTC, HH:mm:ss.fff) of a JSON log line, or null when it has none.</summary>
    public static string? TimeOf(string? line)
    {
        if (line is null || !line.StartsWith('{')) return null;
        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("Timestamp", out var t) && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at.UtcDateTime.ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Lines of the log containing <paramref name="text"/>.</summary>
    public int CountInLog(string text)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
            if (line.Contains(text, StringComparison.Ordinal)) count++;
        return count;
    }
}
