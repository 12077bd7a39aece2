using Npgsql;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>Every test class of the suite shares the servers (one collection, so classes run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "servers";
}

/// <summary>
/// PostgreSQL, RabbitMQ and Redis started once for the suite in a temporary folder, on free ports of 127.0.0.1, and stopped by
/// their PIDs at the end (the folder is deleted unless PROCUREMENT_KEEP_SERVERS=1). Each test class gets its own
/// database and its own vhost. Without the server binaries the suite is skipped with one line, or fails with
/// PROCUREMENT_REQUIRE_TOOLS=1 (CI).
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim seedGate = new(1, 1);
    private PostgresServer? postgres;
    private RabbitServer? rabbit;
    private RedisServer? redis;
    private bool seeded;

    public static bool RequireTools => Environment.GetEnvironmentVariable("PROCUREMENT_REQUIRE_TOOLS") == "1";

    public static bool KeepServers => Environment.GetEnvironmentVariable("PROCUREMENT_KEEP_SERVERS") == "1";

    /// <summary>Why the suite cannot run here (tools missing), or null.</summary>
    public string? SkipReason { get; private set; }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "procurement-it-" + Guid.NewGuid().ToString("N")[..12]);

    internal PostgresServer Postgres => postgres ?? throw new InvalidOperationException("PostgreSQL is not running: " + SkipReason);

    internal RabbitServer Rabbit => rabbit ?? throw new InvalidOperationException("RabbitMQ is not running: " + SkipReason);

    internal RedisServer Redis => redis ?? throw new InvalidOperationException("Redis is not running: " + SkipReason);

    public string LogFolder => Path.Combine(Root, "logs");

    public async ValueTask InitializeAsync()
    {
        var missing = new List<string>();
        if (!PostgresServer.Installed) missing.Add($"PostgreSQL 15 ({Path.Combine(PostgresServer.BinDir, "initdb")})");
        if (!RabbitServer.Installed) missing.Add("RabbitMQ (rabbitmq-server and epmd)");
        if (!RedisServer.Installed) missing.Add($"Redis ({RedisServer.Binary})");
        if (missing.Count > 0)
        {
            SkipReason = RequireTools
                ? $"Integration tests failed: {string.Join(" and ", missing)} not installed and PROCUREMENT_REQUIRE_TOOLS=1; run deploy/local/install-servers.sh."
                : $"Integration tests skipped: {string.Join(" and ", missing)} not installed; run deploy/local/install-servers.sh " +
                  "(PROCUREMENT_REQUIRE_TOOLS=1 makes this a failure).";
            Report.Line(SkipReason);
            if (RequireTools) throw new InvalidOperationException(SkipReason);
            return;
        }

        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(LogFolder);
        postgres = new PostgresServer(Path.Combine(Root, "pg"));
        rabbit = new RabbitServer(Path.Combine(Root, "rabbitmq"));
        redis = new RedisServer(Path.Combine(Root, "redis"));
        var started = DateTime.UtcNow;
        try
        {
            await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync(), redis.StartAsync());
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
        Report.Line($"Integration servers up in {(DateTime.UtcNow - started).TotalSeconds:0.0} s under {Root}: PostgreSQL 127.0.0.1:{postgres.Port} " +
                          $"(pid {postgres.Pid}), RabbitMQ 127.0.0.1:{rabbit.Port} node {rabbit.NodeName} (pid {rabbit.BeamPid}, epmd pid {rabbit.EpmdPid}), " +
                    $"Redis 127.0.0.1:{redis.Port} (pid {redis.Pid})");
    }

    /// <summary>Skips the calling test when the servers are not installed (or fails it when they are required).</summary>
    public void RequireServers()
    {
        if (SkipReason is null) return;
        if (RequireTools) Assert.Fail(SkipReason);
        Assert.Skip(SkipReason);
    }

    public Task CreateDatabaseAsync(string name, string? template = null) => Postgres.CreateDatabaseAsync(name, template);

    public Task CreateVhostAsync(string name) => Rabbit.CreateVhostAsync(name);

    /// <summary>The vhost's queues: name, durable, auto-delete, consumers, messages.</summary>
    public async Task<string> QueuesAsync(string vhost) =>
        string.Join("; ", (await Rabbit.CtlAsync("list_queues", "-p", vhost, "name", "durable", "auto_delete", "consumers", "messages", "--no-table-headers"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => string.Join(' ', l.Split('\t'))));

    public string ConnectionString(string database, bool pooling = true) => Postgres.ConnectionString(database, pooling);

    public string AmqpUri(string vhost) => Rabbit.AmqpUri(vhost);

    /// <summary>Redis for the grain clusters; each test class's cluster keeps apart by its own cluster id.</summary>
    public string RedisConnection => Redis.ConnectionString(0);

    /// <summary>Stops the broker gracefully and starts it again on the same node, ports and data.</summary>
    public async Task<(TimeSpan Down, TimeSpan Start)> RestartRabbitAsync(TimeSpan downFor)
    {
        var stopping = DateTime.UtcNow;
        await Rabbit.StopAsync();
        await Task.Delay(downFor);
        var starting = DateTime.UtcNow;
        await Rabbit.StartAsync();
        return (DateTime.UtcNow - stopping, DateTime.UtcNow - starting);
    }

    /// <summary>Runs <paramref name="seed"/> once for the suite (the demo-data template database).</summary>
    internal async Task EnsureSeededAsync(Func<Task> seed)
    {
        await seedGate.WaitAsync();
        try
        {
            if (seeded) return;
            await seed();
            seeded = true;
        }
        finally
        {
            seedGate.Release();
        }
    }

    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (rabbit is not null) await rabbit.DisposeAsync();
        if (redis is not null) await redis.StopAsync();
        if (postgres is not null) await postgres.StopAsync();
        if (KeepServers || !Directory.Exists(Root)) return;
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
