using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Silo.Demo.Province;
using Procurement.Storage;

namespace Procurement.Bench;

/// <summary>Databases prepared for a scenario: the demo seeded by the app itself, then a generated dataset on top.</summary>
public static class Datasets
{
    /// <summary>
    /// An embedded database: the Web's first start on an empty file (migrations and the demo data through the grains),
    /// then <paramref name="size"/> generated into it through the platform's model. Both times are figures.
    /// </summary>
    public static async Task<ServiceProvider> PrepareSqliteAsync(Run run, string folder, string file, DatasetSize size, string label)
    {
        var first = AppSettings.Embedded(folder, "web-first-start-" + label.Replace(' ', '-'), file, seedDemo: true);
        var clock = Stopwatch.StartNew();
        first.Start();
        await first.WaitHealthyAsync(TimeSpan.FromMinutes(3));
        run.Results.Add(new Figure("embedded start", $"first start ({label}): migrate + demo seed", clock.Elapsed.TotalSeconds, "s",
            Note: "once per installation; not a goal"));
        await first.StopAsync();

        var db = Database.Open(DatabaseProvider.Sqlite, $"Data Source={file}");
        await GenerateAsync(run, db, size, label);
        return db;
    }

    public static async Task GenerateAsync(Run run, IServiceProvider db, DatasetSize size, string label)
    {
        Console.WriteLine($"  generating the {label} dataset (seed {Run.Seed})");
        var clock = Stopwatch.StartNew();
        var summary = await ProvinceDataset.GenerateAsync(db, size, Run.Seed, progress: new ConsoleProgressBar());
        run.Results.Add(new Figure("dataset", $"generate ({label})", clock.Elapsed.TotalSeconds, "s",
            Note: $"{summary.TotalRows:#,0} rows: {summary.Unions} unions, {summary.Organizations} organizations, {summary.Projects} projects, " +
                  $"{summary.Contracts} contracts, {summary.Milestones} milestones"));
    }
}
