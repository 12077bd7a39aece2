namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>
/// A throw-away Redis for the grain cluster's membership and directory: a child process of the suite on a free port of
/// 127.0.0.1, no protected-mode surprises, its data (append-only file, as production runs it: a Redis restarted empty
/// splits the cluster) in one folder. Stopped, and restarted on the same port and data, by its PID.
/// </summary>
internal sealed class RedisServer(string folder)
{
    public static string Binary => Environment.GetEnvironmentVariable("PROCUREMENT_REDIS_BIN") ?? "/usr/bin/redis-server";

    public static bool Installed => File.Exists(Binary);

    private LoggedProcess? server;

    public int Port { get; private set; }

    public int Pid => server?.Pid ?? 0;

    /// <summary>The StackExchange.Redis configuration string for one cluster's own database (0–15).</summary>
    public string ConnectionString(int database) => $"127.0.0.1:{Port},defaultDatabase={database},abortConnect=false";

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        if (Port == 0) Port = FreePorts.Next();
        server = LoggedProcess.Start(Binary,
        [
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", folder, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--daemonize", "no", "--protected-mode", "yes", "--databases", "16",
        ], Path.Combine(folder, "redis.log"), workingDirectory: folder);
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await FreePorts.AcceptsAsync(Port))
        {
            if (server.HasExited || DateTime.UtcNow > until)
                throw new InvalidOperationException($"Redis did not start on 127.0.0.1:{Port}:\n{string.Join('\n', File.ReadLines(server.LogPath).TakeLast(20))}");
            await Task.Delay(50);
        }
    }

    /// <summary>SIGTERM (Redis writes its append-only file and exits), SIGKILL if it lingers.</summary>
    public Task StopAsync() => Native.StopAsync(Pid, Native.SigTerm, TimeSpan.FromSeconds(10));

    /// <summary>Stops Redis and starts it again on the same port and data, as an operator's restart would.</summary>
    public async Task<TimeSpan> RestartAsync(TimeSpan downFor)
    {
        var stopping = DateTime.UtcNow;
        await StopAsync();
        await Task.Delay(downFor);
        await StartAsync();
        return DateTime.UtcNow - stopping;
    }
}
