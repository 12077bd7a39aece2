using System.Data.Common;
using Npgsql;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>
/// Distributed mode for one test class: its own database (a copy of the demo-data template) and its own vhost,
/// two silos and one Web (<c>Silo:Hosted=false</c>, a pure front that calls their grains as an Orleans client), each a real
/// process; the silos form one Orleans cluster on the suite's Redis.
/// </summary>
public abstract class Cluster(ServerFixture servers) : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    private readonly List<AppProcess> processes = [];

    public ServerFixture Servers => servers;

    /// <summary>The class's database and vhost name.</summary>
    public string Name { get; private set; } = "";

    public AppProcess Web { get; private set; } = null!;

    public IReadOnlyList<AppProcess> Silos { get; private set; } = [];

    public Api Api { get; private set; } = null!;

    public string ConnectionString => servers.ConnectionString(Name);

    protected virtual int SiloCount => 2;

    /// <summary>Extra settings for every Silo (environment variables, <c>__</c> for <c>:</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>();

    /// <summary>Extra settings for the Web (environment variables, <c>__</c> for <c>:</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string?> FrontSettings => new Dictionary<string, string?>();

    public async ValueTask InitializeAsync()
    {
        if (servers.SkipReason is not null) return;
        Name = $"it_{GetType().Name.Replace("Cluster", "").ToLowerInvariant()}_{Guid.NewGuid().ToString("N")[..6]}";
        await DemoTemplate.EnsureAsync(servers);
        await Task.WhenAll(servers.CreateDatabaseAsync(Name, DemoTemplate.Database), servers.CreateVhostAsync(Name));

        var logs = Path.Combine(servers.LogFolder, Name);
        Silos = [.. Enumerable.Range(1, SiloCount).Select(i =>
            Add(new AppProcess($"silo{i}", AppBinaries.Silo, logs, Merge(Settings(servers, Name), ClusterSettings(servers, Name), SiloPorts(), SiloSettings, new Dictionary<string, string?>
            {
                // One line per grain call and per conflict re-run, both at Debug: the silo's half of a command's trace, and the
                // evidence of a write on stale state.
                ["Logging__LogLevel__Procurement.Silo.Hosting"] = "Debug",
            }))))];
        Web = Add(new AppProcess("web", AppBinaries.Web, logs, Merge(Settings(servers, Name), ClusterSettings(servers, Name), WebSettings(Name + "-web"), FrontSettings)));
        var starting = DateTime.UtcNow;
        try
        {
            foreach (var p in processes) p.Start();
            await Task.WhenAll(processes.Select(p => p.WaitHealthyAsync(StartTimeout)));
        }
        catch
        {
            // The class's tests fail with this exception (it carries the log's tail); leave nothing running behind it.
            await Task.WhenAll(processes.Select(p => p.StopAsync()));
            throw;
        }
        Api = new Api(Web.BaseAddress);
        Report.Line($"{Name}: {string.Join(", ", processes.Select(p => $"{p.Name} pid {p.Pid} {p.BaseAddress}"))} healthy in {(DateTime.UtcNow - starting).TotalSeconds:0.0} s");
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(processes.Select(p => p.StopAsync()));
        Api?.Dispose();
    }

    /// <summary>What every process of the class shares: PostgreSQL, RabbitMQ, and structured logs as in production (one JSON object a line, scopes with the trace id).</summary>
    internal static Dictionary<string, string?> Settings(ServerFixture servers, string name) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = "PostgreSql",
        ["ConnectionStrings__Procurement"] = servers.ConnectionString(name),
        ["Bus__Transport"] = "RabbitMq",
        ["ConnectionStrings__RabbitMq"] = servers.AmqpUri(name),
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__LogLevel__Default"] = "Information",
        // The Silo has no appsettings.json: without these it logs every SQL command at Information.
        ["Logging__LogLevel__Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
    };

    /// <summary>
    /// The class's grain cluster on the suite's Redis (its own cluster id), with membership timings tuned so a killed silo
    /// is declared dead in about a second (docs/operations.md has production's); the Web client refreshes its gateways as
    /// often and gives up on a call to a lost silo after 5 s.
    /// </summary>
    internal static Dictionary<string, string?> ClusterSettings(ServerFixture servers, string name) => new()
    {
        ["Cluster__Provider"] = "Redis",
        ["Cluster__Id"] = name,
        ["ConnectionStrings__Redis"] = servers.RedisConnection,
        ["Cluster__Membership__ProbeTimeout"] = "00:00:01",
        ["Cluster__Membership__NumMissedProbesLimit"] = "2",
        ["Cluster__Membership__TableRefreshTimeout"] = "00:00:02",
        ["Cluster__Membership__DeathVoteExpirationTimeout"] = "00:00:10",
        ["Cluster__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
        ["Cluster__Gateway__GatewayListRefreshPeriod"] = "00:00:01",
        ["Cluster__Messaging__ResponseTimeout"] = "00:00:05",
        ["Logging__LogLevel__Orleans"] = "Warning",
    };

    /// <summary>A silo's own ports (several silos share this machine); a restarted silo keeps them.</summary>
    internal static Dictionary<string, string?> SiloPorts() => new()
    {
        ["Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Cluster__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A pure front: no co-hosted Silo, no migration, no seeding, its own live-feed endpoint.</summary>
    internal static Dictionary<string, string?> WebSettings(string instanceId) => new()
    {
        ["Silo__Hosted"] = "false",
        ["Database__Migrate"] = "false",
        ["Demo__Seed"] = "false",
        ["Web__InstanceId"] = instanceId,
        // Dozens of organizations register and sign in from 127.0.0.1 within a minute.
        ["Security__LoginPerMinute"] = "100000",
    };

    internal static Dictionary<string, string?> Merge(params IReadOnlyDictionary<string, string?>[] parts)
    {
        var all = new Dictionary<string, string?>();
        foreach (var part in parts)
            foreach (var (k, v) in part) all[k] = v;
        return all;
    }

    private AppProcess Add(AppProcess p)
    {
        processes.Add(p);
        return p;
    }

    /// <summary>Runs a test body; when it fails, the tail of every process's log goes to the test output.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        servers.RequireServers();
        try
        {
            await body();
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            Report.Line($"FAILED: {e.GetType().Name}: {e.Message}");
            foreach (var p in processes)
                Report.Line($"----- {p.Name} (pid {p.Pid}, {(p.IsRunning ? "running" : $"exited {p.ExitCode}")}) {p.LogPath} -----\n{p.Tail(50)}");
            throw;
        }
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        var value = await command.ExecuteScalarAsync();
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<T>();
        while (await reader.ReadAsync()) list.Add(row(reader));
        return list;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    /// <summary>Polls until <paramref name="done"/> holds; returns the last value either way.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, TimeSpan? every = null)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > until) return value;
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(250));
        }
    }
}

/// <summary>
/// The demo data, seeded once per suite into a template database that each class's database copies
/// (<c>CREATE DATABASE … TEMPLATE</c>, a file copy: far quicker than seeding per class).
/// <para>
/// Workaround: a Web with <c>Silo:Hosted=false</c> cannot seed (see <see cref="EmptyDatabaseTests"/>), and a Silo never seeds, so
/// the template is seeded by one Web run in embedded mode (<c>Silo:Hosted=true</c>) on PostgreSQL and RabbitMQ, which is
/// stopped once its outbox is empty.
/// </para>
/// </summary>
internal static class DemoTemplate
{
    public const string Database = "procurement_demo_template";

    public static Task EnsureAsync(ServerFixture servers) => servers.EnsureSeededAsync(async () =>
    {
        var started = DateTime.UtcNow;
        await Task.WhenAll(servers.CreateDatabaseAsync(Database), servers.CreateVhostAsync("demo-template"));
        var seeder = new AppProcess("demo-seeder", AppBinaries.Web, servers.LogFolder, Cluster.Merge(
            Cluster.Settings(servers, Database), Cluster.SiloPorts(),
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Procurement"] = servers.ConnectionString(Database, pooling: false),
                ["ConnectionStrings__RabbitMq"] = servers.AmqpUri("demo-template"),
                ["Silo__Hosted"] = "true",
                ["Demo__Seed"] = "true",
                ["Web__InstanceId"] = "demo-seeder",
            }));
        seeder.Start();
        try
        {
            await seeder.WaitHealthyAsync(TimeSpan.FromSeconds(300));
            var unsent = await Cluster.Until(
                () => servers.ScalarAsync<long>(Database, "SELECT count(*) FROM \"Outbox\" WHERE \"SentAt\" IS NULL"),
                n => n == 0, TimeSpan.FromSeconds(60));
            if (unsent != 0) throw new InvalidOperationException($"The demo seeder left {unsent} unsent outbox rows:\n{seeder.Tail()}");
        }
        finally
        {
            await seeder.StopAsync();
            NpgsqlConnection.ClearAllPools();
        }
        var unions = await servers.ScalarAsync<long>(Database, "SELECT count(*) FROM \"Unions\"");
        NpgsqlConnection.ClearAllPools();
        Report.Line($"Demo template seeded in {(DateTime.UtcNow - started).TotalSeconds:0.0} s ({unions} unions)");
    });
}
