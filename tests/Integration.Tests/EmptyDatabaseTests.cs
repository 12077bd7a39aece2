using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Integration.Tests;

/// <summary>
/// First start of distributed mode on an empty database: Silos started together migrate it once between them, and a
/// pure-front Web asked for the demo data (<c>Database:Migrate=true</c>, <c>Demo:Seed=true</c>) provides it.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class EmptyDatabaseTests(ServerFixture servers)
{
    [Fact]
    public async Task Two_silos_started_together_on_an_empty_database_migrate_it_and_become_healthy()
    {
        servers.RequireServers();
        var name = await Fresh("it_migrate");
        var silos = Enumerable.Range(1, 2).Select(i => new AppProcess($"silo{i}", AppBinaries.Silo, Path.Combine(servers.LogFolder, name),
            Cluster.Merge(Cluster.Settings(servers, name), Cluster.ClusterSettings(servers, name), Cluster.SiloPorts()))).ToList();
        try
        {
            foreach (var s in silos) s.Start();
            await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(Cluster.StartTimeout)));
            var migrations = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM \"__EFMigrationsHistory\"");
            var quartzTables = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM information_schema.tables WHERE table_name ILIKE 'qrtz_%'");
            var jobTables = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire'");
            var jobServers = await Cluster.Until(
                () => servers.ScalarAsync<long>(name, "SELECT count(*) FROM hangfire.server"), n => n == 2, TimeSpan.FromSeconds(20));
            var recurring = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM hangfire.set WHERE key = 'recurring-jobs'");
            Report.Figures("Two Silos on an empty database", ("migrations applied", migrations), ("Hangfire tables / servers / recurring jobs", $"{jobTables} / {jobServers} / {recurring}"),
                ("former scheduler's tables left", quartzTables));
            Assert.True(migrations > 0);
            Assert.True(jobTables > 0);
            Assert.Equal(2, jobServers);
            Assert.Equal(6, recurring); // ScheduledJobs.Recurring: closing and award sweeps, quarter opening and closing, reminders, outbox cleanup
            Assert.Equal(0, quartzTables);
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            foreach (var s in silos) Report.Line($"----- {s.Name} -----\n{s.Tail(50)}");
            throw;
        }
        finally
        {
            await Task.WhenAll(silos.Select(s => s.StopAsync()));
        }
    }

    [Fact]
    public async Task A_pure_front_web_asked_to_seed_refuses_to_start_and_says_why()
    {
        servers.RequireServers();
        var name = await Fresh("it_seed");
        var web = new AppProcess("web-seeding", AppBinaries.Web, Path.Combine(servers.LogFolder, name), Cluster.Merge(
            Cluster.Settings(servers, name), Cluster.WebSettings(name + "-web"),
            new Dictionary<string, string?> { ["Database__Migrate"] = "true", ["Demo__Seed"] = "true" }));
        try
        {
            web.Start();
            Assert.True(await web.WaitForExitAsync(Cluster.StartTimeout), "the Web should stop at start");
            Assert.Contains("Demo:Seed needs the Silo in this process", web.Tail(60));
            Assert.Equal(0L, await servers.ScalarAsync<long>(name, "SELECT count(*) FROM \"Unions\""));
        }
        finally
        {
            await web.StopAsync();
        }
    }

    [Fact]
    public async Task The_idempotent_postgresql_script_applied_twice_to_a_fresh_database_succeeds_and_yields_the_schema_of_migrate()
    {
        servers.RequireServers();
        var scripted = $"it_script_{Guid.NewGuid().ToString("N")[..6]}";
        var migrated = $"it_migrated_{Guid.NewGuid().ToString("N")[..6]}";
        await Task.WhenAll(servers.CreateDatabaseAsync(scripted), servers.CreateDatabaseAsync(migrated));

        string script;
        await using (var db = Context(migrated))
        {
            script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
            await db.Database.MigrateAsync();
        }
        var file = Path.Combine(servers.LogFolder, scripted + ".sql");
        Directory.CreateDirectory(servers.LogFolder);
        await File.WriteAllTextAsync(file, script);

        var builder = new NpgsqlConnectionStringBuilder(servers.ConnectionString(scripted));
        var runs = new List<string>();
        for (var run = 1; run <= 2; run++)
        {
            var started = DateTime.UtcNow;
            var (exit, output) = await LoggedProcess.RunAsync("psql",
                ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", builder.Host!, "-p", builder.Port.ToString(), "-U", "postgres", "-d", scripted, "-f", file],
                TimeSpan.FromSeconds(120));
            Assert.True(exit == 0, $"psql run {run} exited {exit}: {output}");
            runs.Add($"{(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        }

        var expected = await Schema(migrated);
        var actual = await Schema(scripted);
        Assert.True(expected.Count > 100, $"the migrated schema has its columns ({expected.Count})");
        Assert.Equal(expected, actual);
        Assert.Equal(await servers.ScalarAsync<long>(migrated, "SELECT count(*) FROM \"__EFMigrationsHistory\""),
            await servers.ScalarAsync<long>(scripted, "SELECT count(*) FROM \"__EFMigrationsHistory\""));
        Report.Figures("Idempotent PostgreSQL script",
            ("script size", $"{script.Length / 1024} KiB"),
            ("psql run 1 / run 2", string.Join(" / ", runs)),
            ("tables / columns / indexes (same as Migrate)", $"{actual.Count(c => c.StartsWith("table ", StringComparison.Ordinal))} / {actual.Count(c => c.StartsWith("column ", StringComparison.Ordinal))} / {actual.Count(c => c.StartsWith("index ", StringComparison.Ordinal))}"));
    }

    private PostgresProcurementDb Context(string database) =>
        new(new DbContextOptionsBuilder<PostgresProcurementDb>().UseNpgsql(servers.ConnectionString(database)).Options);

    /// <summary>Tables, columns with their types and nullability, and index definitions of the public schema, sorted.</summary>
    private async Task<List<string>> Schema(string database)
    {
        await using var connection = new NpgsqlConnection(servers.ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT 'table ' || table_name FROM information_schema.tables WHERE table_schema = 'public'
            UNION ALL
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
            """, connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private async Task<string> Fresh(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..6]}";
        await Task.WhenAll(servers.CreateDatabaseAsync(name), servers.CreateVhostAsync(name));
        return name;
    }
}
