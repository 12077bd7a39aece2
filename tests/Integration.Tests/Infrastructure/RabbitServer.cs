namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>
/// A throw-away RabbitMQ node: its own node name, AMQP port, distribution port and epmd port, all data, logs,
/// config and Erlang cookie (HOME) in one folder, the management plugin off. It runs in the foreground as a child of the
/// suite; it is stopped (and restarted, for the broker-restart test) by the Erlang VM's PID from its pid file, and
/// the epmd the suite started for it by that epmd's PID.
/// </summary>
internal sealed class RabbitServer(string folder)
{
    private readonly string name = "procit" + Guid.NewGuid().ToString("N")[..8] + "@localhost";
    private readonly SemaphoreSlim ctl = new(1, 1);
    private LoggedProcess? epmd;
    private LoggedProcess? server;

    /// <summary>The folder with the real scripts (Debian's /usr/sbin wrappers switch user and redirect logs to /var/log).</summary>
    public static string? ScriptDir
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("PROCUREMENT_RABBITMQ_BIN");
            if (configured is not null) return File.Exists(Path.Combine(configured, "rabbitmq-server")) ? configured : null;
            if (File.Exists("/usr/lib/rabbitmq/bin/rabbitmq-server")) return "/usr/lib/rabbitmq/bin";
            return OnPath("rabbitmq-server") is { } found ? Path.GetDirectoryName(found) : null;
        }
    }

    public static string? Epmd => OnPath("epmd") ?? (File.Exists("/usr/lib/erlang/bin/epmd") ? "/usr/lib/erlang/bin/epmd" : null);

    public static bool Installed => ScriptDir is not null && Epmd is not null;

    public string NodeName => name;

    public int Port { get; private set; }

    public int BeamPid { get; private set; }

    public int EpmdPid => epmd?.Pid ?? 0;

    public string LogFolder => Path.Combine(folder, "log");

    public string AmqpUri(string vhost) => $"amqp://guest:guest@127.0.0.1:{Port}/{Uri.EscapeDataString(vhost)}";

    private int distPort;
    private int epmdPort;

    public async Task StartAsync()
    {
        if (epmd is null)
        {
            Directory.CreateDirectory(Path.Combine(folder, "home"));
            Port = FreePorts.Next();
            distPort = FreePorts.Next();
            epmdPort = FreePorts.Next();
            await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq.conf"), string.Join('\n',
                "loopback_users.guest = true",
                "log.console = false",
                "log.file.level = info",
                "disk_free_limit.absolute = 10MB",
                "") );
            await File.WriteAllTextAsync(Path.Combine(folder, "enabled_plugins"), "[].\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "rabbitmq-env.conf"), "");
            // Our own epmd, so its PID is known and the node never meets another one on this machine.
            epmd = LoggedProcess.Start(Epmd!, ["-port", epmdPort.ToString(), "-address", "127.0.0.1"], Path.Combine(folder, "epmd.log"), Env());
            var until = DateTime.UtcNow.AddSeconds(20);
            while (!await FreePorts.AcceptsAsync(epmdPort))
            {
                if (epmd.HasExited || DateTime.UtcNow > until) throw new InvalidOperationException("epmd did not start:\n" + epmd.Tail());
                await Task.Delay(50);
            }
        }

        File.Delete(PidFile);
        server = LoggedProcess.Start(Path.Combine(ScriptDir!, "rabbitmq-server"), [], Path.Combine(folder, "stdout.log"), Env(), folder);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await FreePorts.AcceptsAsync(Port))
        {
            if (server.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"RabbitMQ did not start (exit {server.ExitCode}):\n{server.Tail()}\n{LoggedProcess.TailOf(NodeLog, 30)}");
            await Task.Delay(100);
        }
        BeamPid = int.Parse((await File.ReadAllTextAsync(PidFile)).Trim());
    }

    /// <summary>A graceful stop (SIGTERM to the Erlang VM: connections are closed, durable queues and persistent messages kept).</summary>
    public async Task StopAsync()
    {
        if (server is null) return;
        if (BeamPid > 0) await Native.StopAsync(BeamPid, Native.SigTerm, TimeSpan.FromSeconds(30));
        await server.StopAsync(TimeSpan.FromSeconds(10));
        server = null;
        BeamPid = 0;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        if (epmd is not null) await epmd.StopAsync(TimeSpan.FromSeconds(5));
        epmd = null;
    }

    public async Task CreateVhostAsync(string vhost)
    {
        await CtlAsync("add_vhost", vhost);
        await CtlAsync("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    public async Task<string> CtlAsync(params string[] args)
    {
        await ctl.WaitAsync();
        try
        {
            return await LoggedProcess.RunCheckedAsync(Path.Combine(ScriptDir!, "rabbitmqctl"), ["-q", "-n", name, .. args], TimeSpan.FromSeconds(60), Env(), folder);
        }
        finally
        {
            ctl.Release();
        }
    }

    private string PidFile => Path.Combine(folder, "rabbit.pid");

    private string NodeLog => Path.Combine(LogFolder, name + ".log");

    private Dictionary<string, string?> Env() => new()
    {
        ["HOME"] = Path.Combine(folder, "home"),
        ["RABBITMQ_NODENAME"] = name,
        ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_NODE_PORT"] = Port.ToString(),
        ["RABBITMQ_DIST_PORT"] = distPort.ToString(),
        ["ERL_EPMD_PORT"] = epmdPort.ToString(),
        ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(folder, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = LogFolder,
        ["RABBITMQ_CONFIG_FILE"] = Path.Combine(folder, "rabbitmq.conf"),
        ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(folder, "advanced.config"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(folder, "enabled_plugins"),
        ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(folder, "rabbitmq-env.conf"),
        ["RABBITMQ_PID_FILE"] = PidFile,
    };

    private static string? OnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin", "/sbin"])
            .Select(dir => Path.Combine(dir, file)).FirstOrDefault(File.Exists);
}
