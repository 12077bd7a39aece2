using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Demo;

/// <summary>
/// Generates the full Province preset on SQLite and reports time, rows and file size. Explicit: run it on purpose, e.g.
/// <c>tests/Silo.Tests/bin/Release/net10.0/Procurement.Silo.Tests -method "*Province_preset*" -explicit only</c>.
/// </summary>
public sealed class ProvinceMeasurement
{
    [Fact(Explicit = true)]
    public async Task The_province_preset_generates_on_sqlite_within_three_minutes()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper!;
        using var database = new TestDatabase();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Procurement"] = database.ConnectionString,
        }).Build();
        await using var services = new ServiceCollection().AddProcurementStorage(config).BuildServiceProvider();
        await services.MigrateDatabaseAsync();
        using var log = new StringWriter();
        var bar = new ConsoleProgressBar(log, redirected: true);

        var summary = await ProvinceDataset.GenerateAsync(services, DatasetSize.Province, ProvinceDataset.DemoSeed, progress: bar, ct: ct);

        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync(ct);
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync(ct);
        }
        var bytes = new FileInfo(database.FilePath).Length;
        output.WriteLine(log.ToString());
        output.WriteLine($"Province preset on SQLite: {summary.Elapsed.TotalSeconds:F1} s, {summary.TotalRows:N0} rows, {bytes / 1024.0 / 1024.0:F1} MiB, " +
            $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024} MiB");
        foreach (var (table, rows) in summary.Rows.OrderBy(r => r.Key)) output.WriteLine($"  {table,-22} {rows,9:N0}");
        Assert.True(summary.Elapsed < TimeSpan.FromMinutes(3), $"took {summary.Elapsed}");
    }
}
