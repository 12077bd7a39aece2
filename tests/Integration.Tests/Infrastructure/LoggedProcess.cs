using System.Diagnostics;
using System.Text;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>A child process whose stdout and stderr go, line by line, to a log file the suite can show when a test fails.</summary>
internal sealed class LoggedProcess
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly object gate = new();

    private LoggedProcess(Process process, string logPath)
    {
        this.process = process;
        LogPath = logPath;
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)) { AutoFlush = true };
    }

    public string LogPath { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public static LoggedProcess Start(string file, IEnumerable<string> args, string logPath,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = Info(file, args, environment, workingDirectory);
        var child = new LoggedProcess(new Process { StartInfo = info, EnableRaisingEvents = true }, logPath);
        child.process.OutputDataReceived += (_, e) => child.Write(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Write(e.Data);
        child.Write($"# {DateTime.UtcNow:HH:mm:ss.fff} start: {file} {string.Join(' ', info.ArgumentList)}");
        child.process.Start();
        child.process.StandardInput.Close();
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs a command to completion; returns its exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = Info(file, args, environment, workingDirectory);
        using var p = new Process { StartInfo = info };
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.Start();
        p.StandardInput.Close();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Native.Signal(p.Id, Native.SigKill);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in {timeout.TotalSeconds:0} s:\n{output}");
        }
        lock (output) return (p.ExitCode, output.ToString());
    }

    public static async Task<string> RunCheckedAsync(string file, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var list = args.ToList();
        var (code, output) = await RunAsync(file, list, timeout, environment, workingDirectory);
        if (code != 0) throw new InvalidOperationException($"{file} {string.Join(' ', list)} exited with {code}:\n{output}");
        return output;
    }

    public void Signal(int signal) => Native.Signal(Pid, signal);

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        Write($"# {DateTime.UtcNow:HH:mm:ss.fff} SIGKILL sent by the test");
        Native.Signal(Pid, Native.SigKill);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM (graceful), then SIGKILL after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited) return;
        Write($"# {DateTime.UtcNow:HH:mm:ss.fff} SIGTERM sent by the test");
        Signal(Native.SigTerm);
        if (await WaitForExitAsync(grace)) return;
        Signal(Native.SigKill);
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public string Tail(int lines = 40) => TailOf(LogPath, lines);

    public static string TailOf(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            // Exceptions are logged on one line: keep each line readable.
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.Length > 600 ? l[..600] + " …" : l));
        }
        catch (IOException e)
        {
            return $"({path}: {e.Message})";
        }
    }

    public void Write(string? line)
    {
        if (line is null) return;
        lock (gate)
        {
            try { log.WriteLine(line); }
            catch (ObjectDisposedException) { }
        }
    }

    private static ProcessStartInfo Info(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment, string? workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                if (value is null) info.Environment.Remove(key);
                else info.Environment[key] = value;
            }
        }
        return info;
    }
}
