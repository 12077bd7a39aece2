using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Silo.Demo;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Demo;

/// <summary>Who seeds the demo data: the rule, and a Silo process seeding through its grains without Identity services.</summary>
public sealed class DemoSeedingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();

    [Fact]
    public void An_embedded_web_on_sqlite_offers_demo_data_by_default_and_nothing_else_does_unless_asked()
    {
        Assert.True(DemoSeeding.IsRequested(Config(), DemoHost.EmbeddedWeb));
        Assert.False(DemoSeeding.IsRequested(Config(("Database:Provider", "PostgreSql")), DemoHost.EmbeddedWeb));
        Assert.False(DemoSeeding.IsRequested(Config(), DemoHost.Silo));
        Assert.False(DemoSeeding.IsRequested(Config(), DemoHost.FrontWeb));
        Assert.True(DemoSeeding.IsRequested(Config(("Demo:Seed", "true"), ("Database:Provider", "PostgreSql")), DemoHost.Silo));
        Assert.False(DemoSeeding.IsRequested(Config(("Demo:Seed", "false")), DemoHost.EmbeddedWeb));
    }

    [Fact]
    public void Demo_scale_is_the_plain_demo_unless_province_is_asked()
    {
        Assert.Equal(DemoScale.Default, DemoSeeding.Scale(Config()));
        Assert.Equal(DemoScale.Province, DemoSeeding.Scale(Config(("Demo:Scale", "province"))));
        Assert.Equal(DemoScale.Default, DemoSeeding.Scale(Config(("Demo:Scale", "huge"))));
    }

    [Fact]
    public async Task A_pure_front_web_asked_for_demo_data_refuses_and_says_why()
    {
        var refused = await Assert.ThrowsAsync<StartupRefusedException>(() =>
            DemoSeeding.RunAsync(new ServiceCollection().BuildServiceProvider(), Config(("Demo:Seed", "true")), DemoHost.FrontWeb,
                TestContext.Current.CancellationToken));
        Assert.Contains("Demo:Seed needs the Silo in this process", refused.Message);
    }

    [Fact]
    public async Task A_silo_asked_to_seed_seeds_the_demo_once_with_accounts_that_sign_in()
    {
        using var database = new TestDatabase();
        var config = Config(("Demo:Seed", "true"));
        var ct = TestContext.Current.CancellationToken;
        var seeded = false;
        // Like the Silo's Program: seeded before the host starts, so no job or consumer of the node acts on the demo's
        // projects (on the wall clock) while the seeder walks them through their past.
        await using var node = await SiloNode.StartAsync(database, settings: new Dictionary<string, string?> { ["Scheduler:CatchUpOnStart"] = "false" },
            beforeStart: async services => seeded = await DemoSeeding.RunAsync(services, config, DemoHost.Silo, ct));

        Assert.True(seeded);
        var unions = await node.DbAsync(db => db.Unions.CountAsync(ct));
        Assert.True(await DemoSeeding.RunAsync(node.Services, config, DemoHost.Silo, ct)); // already present: nothing added

        Assert.Equal(unions, await node.DbAsync(db => db.Unions.CountAsync(ct)));
        Assert.Equal(DemoSeeder.Accounts.Length, await node.DbAsync(db => db.Users.CountAsync(ct)));
        var province = await node.DbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.NormalizedUserName == "PROVINCE@DEMO.LOCAL", ct));
        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AppUser>().VerifyHashedPassword(province, province.PasswordHash!, DemoSeeder.Password));
        Assert.True(await node.DbAsync(db => db.UserRoles.AnyAsync(ur => ur.UserId == province.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == "UnionAdmin"), ct)));
        Assert.True(await node.DbAsync(db => db.Projects.AnyAsync(p => p.Status == Contracts.Domain.ProjectStatus.Awarded, ct)));
    }
}
