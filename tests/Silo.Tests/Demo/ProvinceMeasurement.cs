using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Demo;

/// <summary>
/// Generates the full Province preset and reports time, rows and database size. Explicit: run on purpose, e.g.
/// <c>tests/Silo.Tests/bin/Release/net10.0/Procurement.Silo.Tests -class "*ProvinceMeasurement" -explicit only -showliveoutput</c>.
/// The PostgreSQL one needs <c>PROCUREMENT_TEST_POSTGRES</c>, a connection string to a server (without a database name):
/// it creates a database of its own there and drops it afterwards.
/// </summary>
public sealed class ProvinceMeasurement
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public Task The_province_preset_generates_on_sqlite_within_three_minutes() => MeasureSqliteAsync("Province preset", DatasetSize.Province);

    [Fact(Explicit = true)]
    public Task Ten_thousand_active_contracts_generate_on_sqlite_within_three_minutes() =>
        MeasureSqliteAsync("ActiveContracts(10,000)", DatasetSize.ActiveContracts(10_000));

    private static async Task MeasureSqliteAsync(string label, DatasetSize size)
    {
        using var database = new TestDatabase();
        var summary = await GenerateAsync("Sqlite", database.ConnectionString, size);

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(Ct);
        }
        Report(label + " on SQLite", summary, new FileInfo(database.FilePath).Length);
        Assert.True(summary.Elapsed < TimeSpan.FromMinutes(3), $"took {summary.Elapsed}");
    }

    [Fact(Explicit = true)]
    public async Task The_province_preset_generates_on_postgresql_within_three_minutes()
    {
        var server = Environment.GetEnvironmentVariable("PROCUREMENT_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrEmpty(server), "PROCUREMENT_TEST_POSTGRES is not set.");
        var name = "dataset_" + Guid.NewGuid().ToString("N")[..8];
        await using var admin = new NpgsqlConnection(server);
        await admin.OpenAsync(Ct);
        await Execute(admin, $"CREATE DATABASE {name}");
        try
        {
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
            var summary = await GenerateAsync("PostgreSql", cs, DatasetSize.Province);
            await using var size = new NpgsqlCommand($"SELECT pg_database_size('{name}')", admin);
            Report("Province preset on PostgreSQL", summary, (long)(await size.ExecuteScalarAsync(Ct))!);
            Assert.True(summary.Elapsed < TimeSpan.FromMinutes(3), $"took {summary.Elapsed}");
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await Execute(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        }
    }

    private static async Task<DatasetSummary> GenerateAsync(string provider, string connectionString, DatasetSize size)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider, ["ConnectionStrings:Procurement"] = connectionString,
        }).Build();
        await using var services = new ServiceCollection().AddProcurementStorage(config).BuildServiceProvider();
        await services.PrepareDatabaseAsync();
        using var log = new StringWriter();
        var summary = await ProvinceDataset.GenerateAsync(services, size, ProvinceDataset.DemoSeed, progress: new ConsoleProgressBar(log, redirected: true), ct: Ct);
        TestContext.Current.TestOutputHelper!.WriteLine(log.ToString());
        return summary;
    }

    private static void Report(string what, DatasetSummary summary, long bytes)
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"{what}: {summary.Elapsed.TotalSeconds:F1} s, {summary.TotalRows:N0} rows " +
            $"({summary.TotalRows / summary.Elapsed.TotalSeconds:N0} rows/s), {bytes / 1024.0 / 1024.0:F1} MiB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB");
        foreach (var (table, rows) in summary.Rows.OrderBy(r => r.Key)) output.WriteLine($"  {table,-22} {rows,9:N0}");
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }
}
