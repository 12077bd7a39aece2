using Procurement.Silo.Demo;
using Procurement.Silo.Hosting;
using Procurement.Storage;

namespace Procurement.Web.Hosting;

public static partial class Startup
{
    /// <summary>
    /// Migrates the database and, in embedded mode (or with <c>Demo:Seed=true</c>), seeds the demo data and prints the
    /// demo accounts. A Web without a co-hosted Silo leaves migrations to the Silos.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var config = app.Configuration;
        var embedded = config.GetValue("Silo:Hosted", true);
        if (embedded || config.GetValue("Database:Migrate", false)) await app.Services.MigrateDatabaseAsync();

        if (!SeedsDemo(config)) return;
        if (!embedded)
            throw new InvalidOperationException(
                "Demo:Seed needs the Silo in this process (Silo:Hosted=true): the demo data goes through the grains. " +
                "Seed once in embedded mode against the same database, then start the distributed processes (docs/operations.md).");
        var seeded = await ActivatorUtilities.CreateInstance<DemoSeeder>(app.Services).SeedAsync();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Procurement.Demo");
        LogAccounts(log, seeded ? "seeded" : "already present", DemoSeeder.Password,
            string.Join(Environment.NewLine, DemoSeeder.Accounts.Select(a => $"  {a.Email,-24} {a.Role,-20} {a.Description}")));
    }

    /// <summary>Whether this process seeds (and so offers) the demo data: <c>Demo:Seed</c>, by default embedded mode on SQLite.</summary>
    public static bool SeedsDemo(IConfiguration config) =>
        config.GetValue<bool?>("Demo:Seed") ?? (config.GetValue("Silo:Hosted", true) && config.ReadProvider() == DatabaseProvider.Sqlite);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data {State}. Demo accounts (password {Password}):\n{Accounts}")]
    private static partial void LogAccounts(ILogger log, string state, string password, string accounts);
}
