using Npgsql;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL 15 cluster: initdb into a folder, listening only on 127.0.0.1 on a free port, trust
/// authentication (nothing but this machine can reach it). PostgreSQL refuses to run as root, so as root the
/// binaries run as the postgres user through runuser. Stopped by the postmaster's PID. The suite's cluster does not
/// sync to disk (its data is thrown away); a <paramref name="durable"/> one keeps PostgreSQL's defaults (fsync, full page
/// writes, synchronous commit), as the benchmarks need to compare against a production-like commit.
/// </summary>
internal sealed class PostgresServer(string folder, bool durable = false)
{
    public static string BinDir => Environment.GetEnvironmentVariable("PROCUREMENT_PG_BIN") ?? "/usr/lib/postgresql/15/bin";

    public static bool Installed => File.Exists(Path.Combine(BinDir, "initdb")) && File.Exists(Path.Combine(BinDir, "pg_ctl"));

    public int Port { get; private set; }

    public int Pid { get; private set; }

    public string DataDir => Path.Combine(folder, "data");

    public string LogPath => Path.Combine(folder, "postgres.log");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(folder);
        if (Native.IsRoot) await LoggedProcess.RunCheckedAsync("chown", ["postgres:postgres", folder], TimeSpan.FromSeconds(10));
        Port = FreePorts.Next();

        // -N: no fsync during initdb; the cluster lives for one test run.
        await RunAsPostgres("initdb", ["-D", DataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"], TimeSpan.FromSeconds(120));
        string[] throwAway = ["-c fsync=off", "-c full_page_writes=off", "-c synchronous_commit=off"];
        var options = string.Join(' ',
            [$"-p {Port}", "-c listen_addresses=127.0.0.1", $"-k {folder}", "-c max_connections=300", "-c shared_buffers=128MB", .. durable ? [] : throwAway]);
        await RunAsPostgres("pg_ctl", ["-D", DataDir, "-l", LogPath, "-w", "-t", "90", "-o", options, "start"], TimeSpan.FromSeconds(120));
        Pid = int.Parse(File.ReadLines(Path.Combine(DataDir, "postmaster.pid")).First().Trim());
    }

    /// <summary>Fast shutdown (SIGINT to the postmaster), SIGKILL if it lingers.</summary>
    public Task StopAsync() => Pid == 0 ? Task.CompletedTask : Native.StopAsync(Pid, Native.SigInt, TimeSpan.FromSeconds(20));

    public string ConnectionString(string database, bool pooling = true) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Database = database, Username = "postgres", Pooling = pooling,
            Timeout = 30, CommandTimeout = 60,
        }.ConnectionString;

    public async Task CreateDatabaseAsync(string name, string? template = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", pooling: false));
        await connection.OpenAsync();
        var sql = template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        // A template must have no session: right after its last user stopped, PostgreSQL may still be closing one.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 50)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task RunAsPostgres(string tool, string[] args, TimeSpan timeout)
    {
        var path = Path.Combine(BinDir, tool);
        if (Native.IsRoot) await LoggedProcess.RunCheckedAsync("runuser", ["-u", "postgres", "--", path, .. args], timeout, workingDirectory: folder);
        else await LoggedProcess.RunCheckedAsync(path, args, timeout, workingDirectory: folder);
    }
}
