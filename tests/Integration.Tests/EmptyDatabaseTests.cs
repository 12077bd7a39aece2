using Procurement.Integration.Tests.Infrastructure;

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
        var settings = Cluster.Settings(servers, name);
        var silos = Enumerable.Range(1, 2).Select(i => new AppProcess($"silo{i}", AppBinaries.Silo, Path.Combine(servers.LogFolder, name), settings)).ToList();
        try
        {
            foreach (var s in silos) s.Start();
            await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(Cluster.StartTimeout)));
            var migrations = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM \"__EFMigrationsHistory\"");
            var quartzTables = await servers.ScalarAsync<long>(name, "SELECT count(*) FROM information_schema.tables WHERE table_name ILIKE 'qrtz_%'");
            var schedulers = await Cluster.Until(
                () => servers.ScalarAsync<long>(name, "SELECT count(*) FROM qrtz_scheduler_state"), n => n == 2, TimeSpan.FromSeconds(20));
            Report.Figures("Two Silos on an empty database", ("migrations applied", migrations), ("Quartz tables", quartzTables), ("clustered schedulers checked in", schedulers));
            Assert.True(migrations > 0);
            Assert.Equal(2, schedulers);
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

    private async Task<string> Fresh(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid().ToString("N")[..6]}";
        await Task.WhenAll(servers.CreateDatabaseAsync(name), servers.CreateVhostAsync(name));
        return name;
    }
}
