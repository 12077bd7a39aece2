using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>Signals by process id (the suite stops what it started by PID, never by name) and who we run as.</summary>
internal static class Native
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEuid() == 0;

    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>Whether the process exists and is not a zombie (a daemon's parent may not have reaped it yet).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0) return false;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then SIGKILL; returns when the process is gone.</summary>
    public static async Task StopAsync(int pid, int signal, TimeSpan grace)
    {
        if (!IsAlive(pid)) return;
        Signal(pid, signal);
        var until = DateTime.UtcNow + grace;
        while (IsAlive(pid) && DateTime.UtcNow < until) await Task.Delay(50);
        if (!IsAlive(pid)) return;
        Signal(pid, SigKill);
        until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (IsAlive(pid) && DateTime.UtcNow < until) await Task.Delay(50);
    }
}

/// <summary>Free TCP ports on 127.0.0.1, never the same one twice in a run.</summary>
internal static class FreePorts
{
    private static readonly HashSet<int> Given = [];

    public static int Next()
    {
        lock (Given)
        {
            while (true)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (Given.Add(port)) return port;
            }
        }
    }

    public static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, port, cts.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
