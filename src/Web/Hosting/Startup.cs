using Procurement.Silo.Demo;
using Procurement.Silo.Hosting;

namespace Procurement.Web.Hosting;

public static class Startup
{
    /// <summary>
    /// Checks that the database answers, migrates it and, when demo data is asked for, seeds it (see <see cref="DemoSeeding"/>: an embedded Web
    /// seeds, a pure-front Web refuses). A Web without a co-hosted Silo leaves migrations to the Silos.
    /// </summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var config = app.Configuration;
        var embedded = config.GetValue("Silo:Hosted", true);
        await app.Services.PrepareDatabaseAsync(migrate: embedded || config.GetValue("Database:Migrate", false));
        await DemoSeeding.RunAsync(app.Services, config, HostOf(config));
    }

    /// <summary>Whether this deployment offers the demo data (the login page lists the demo accounts); the rule is <see cref="DemoSeeding.IsRequested"/>.</summary>
    public static bool SeedsDemo(IConfiguration config) => DemoSeeding.IsRequested(config, HostOf(config));

    private static DemoHost HostOf(IConfiguration config) => config.GetValue("Silo:Hosted", true) ? DemoHost.EmbeddedWeb : DemoHost.FrontWeb;
}
