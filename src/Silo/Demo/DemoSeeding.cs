using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Demo.Province;
using Procurement.Storage;

namespace Procurement.Silo.Demo;

/// <summary>Which kind of process asks about demo data.</summary>
public enum DemoHost
{
    /// <summary>A Web with the Silo co-hosted (<c>Silo:Hosted=true</c>, the default).</summary>
    EmbeddedWeb,
    /// <summary>A Web without a Silo (<c>Silo:Hosted=false</c>): it hosts no grains, so it cannot seed.</summary>
    FrontWeb,
    /// <summary>A Silo process (distributed mode).</summary>
    Silo,
}

/// <summary>How much demo data: <c>Demo:Scale</c>.</summary>
public enum DemoScale
{
    /// <summary>The hand-made demo (DemoSeeder) only.</summary>
    Default,
    /// <summary>The demo, then the province-scale generated dataset (<see cref="ProvinceDataset"/>, seed <see cref="ProvinceDataset.DemoSeed"/>).</summary>
    Province,
}

/// <summary>
/// The one place for the rule "who seeds the demo data", and the seeding itself. <c>Demo:Seed</c> asks for demo data
/// (by default: an embedded Web on SQLite); a process that hosts grains seeds it (the embedded Web, or a Silo started
/// with <c>Demo:Seed=true</c>); a pure-front Web cannot and refuses. Seeding is idempotent and, on a server database,
/// serialised by a <see cref="DatabaseLock"/>, so any number of Silos may be started with <c>Demo:Seed=true</c> at once.
/// </summary>
public static partial class DemoSeeding
{
    /// <summary>Whether the deployment offers demo data (the login page lists the demo accounts): <c>Demo:Seed</c>, by default an embedded Web on SQLite.</summary>
    public static bool IsRequested(IConfiguration config, DemoHost host) =>
        config.GetValue<bool?>("Demo:Seed") ?? (host == DemoHost.EmbeddedWeb && config.ReadProvider() == DatabaseProvider.Sqlite);

    /// <summary><c>Demo:Scale</c>: <c>Province</c> adds the generated province dataset; anything else the demo alone.</summary>
    public static DemoScale Scale(IConfiguration config) =>
        Enum.TryParse<DemoScale>(config["Demo:Scale"], ignoreCase: true, out var scale) ? scale : DemoScale.Default;

    /// <summary>
    /// Seeds what the configuration asks for, if this process is the seeder; returns false when no demo data is asked for.
    /// Logs the demo accounts either way.
    /// </summary>
    /// <exception cref="StartupRefusedException">Demo data is asked of a pure-front Web, which hosts no grains.</exception>
    public static async Task<bool> RunAsync(IServiceProvider services, IConfiguration config, DemoHost host, CancellationToken ct = default)
    {
        if (!IsRequested(config, host)) return false;
        if (host == DemoHost.FrontWeb)
            throw new StartupRefusedException(
                "Demo:Seed needs the Silo in this process (Silo:Hosted=true): the demo data goes through the grains. " +
                "In distributed mode start a Silo with Demo:Seed=true (it seeds once, however many Silos are asked), or seed once in embedded mode " +
                "against the same database (docs/operations.md).");

        var log = services.GetRequiredService<ILoggerFactory>().CreateLogger("Procurement.Demo");
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        // A second seeder waits here, then finds the data present.
        await using (await DatabaseLock.DemoSeed.HoldAsync(db, () => LogWaiting(log), ct))
        {
            var seeded = await ActivatorUtilities.CreateInstance<DemoSeeder>(services).SeedAsync(ct);
            LogAccounts(log, seeded ? "seeded" : "already present", DemoSeeder.Password,
                string.Join(Environment.NewLine, DemoSeeder.Accounts.Select(a => $"  {a.Email,-24} {a.Role,-20} {a.Description}")));
            if (Scale(config) == DemoScale.Province) await SeedProvinceAsync(services, db, log, ct);
            return true;
        }
    }

    private static async Task SeedProvinceAsync(IServiceProvider services, ProcurementDb db, ILogger log, CancellationToken ct)
    {
        if (await ProvinceDataset.IsPresentAsync(db, ct))
        {
            LogProvincePresent(log, ProvinceDataset.ProvinceAdminEmail);
            return;
        }
        LogProvinceStarting(log, DatasetSize.Province.Projects, DatasetSize.Province.Milestones);
        var summary = await ProvinceDataset.GenerateAsync(services, DatasetSize.Province, ProvinceDataset.DemoSeed, progress: new LoggingProgress(log), ct: ct);
        LogProvinceSeeded(log, summary.Unions, summary.Organizations, summary.Projects, summary.Contracts, summary.Milestones, summary.TotalRows,
            summary.Elapsed.TotalSeconds, summary.ProvinceAdminEmail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data {State}. Demo accounts (password {Password}):\n{Accounts}")]
    private static partial void LogAccounts(ILogger log, string state, string password, string accounts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Another process is seeding the demo data; waiting for it")]
    private static partial void LogWaiting(ILogger log);

    [LoggerMessage(Level = LogLevel.Information, Message = "Province dataset already present ({Email} exists)")]
    private static partial void LogProvincePresent(ILogger log, string email);

    [LoggerMessage(Level = LogLevel.Information, Message = "Generating the province dataset: {Projects} projects, {Milestones} milestones")]
    private static partial void LogProvinceStarting(ILogger log, int projects, int milestones);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Province dataset seeded: {Unions} unions, {Organizations} organizations, {Projects} projects, {Contracts} contracts, {Milestones} milestones, {Rows} rows in {Seconds:F1} s; sign in as {Email}")]
    private static partial void LogProvinceSeeded(ILogger log, int unions, int organizations, int projects, int contracts, int milestones, int rows, double seconds, string email);
}
