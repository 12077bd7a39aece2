using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;

namespace Procurement.Silo.Tests.Grains;

/// <summary>
/// The grains on Orleans' in-process test cluster: two silos and a client that reaches them through a gateway, as a Web
/// in distributed mode does, so every argument, result and refusal crosses the wire serialized.
/// </summary>
public sealed class TestClusterTests
{
    [Fact]
    public async Task A_rule_violation_reaches_a_separate_client_with_its_code_kind_and_field_errors()
    {
        using var database = new TestDatabase();
        await using var setup = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(setup);
        await using var cluster = await StartClusterAsync(database);
        var grain = cluster.Client.GetGrain<IProjectGrain>(Guid.NewGuid());
        var draft = Seed.Project(union.Id, DateTimeOffset.UtcNow) with { Title = "", BudgetFen = -1, Criteria = [] };

        var refused = await Assert.ThrowsAsync<RuleViolation>(() => grain.CreateDraft(draft, Seed.Admin(union)));

        Assert.Equal("validation.failed", refused.Code);
        Assert.Equal(ViolationKind.Invalid, refused.Kind);
        Assert.Equal(["required"], refused.Errors["title"]);
        Assert.Contains("positive", refused.Errors["budgetFen"]);
        Assert.True(refused.Errors.ContainsKey("criteria"));
        Assert.Equal(0, await setup.DbAsync(db => db.Projects.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Concurrent_bids_through_a_client_of_a_two_silo_cluster_meet_one_activation_of_the_project()
    {
        using var database = new TestDatabase();
        await using var setup = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(setup);
        var organizations = await Seed.ApprovedOrganizationsAsync(setup, union, 60);
        var (projectId, draft) = await Seed.PublishedProjectAsync(setup, union);
        await using var cluster = await StartClusterAsync(database);
        var grain = cluster.Client.GetGrain<IProjectGrain>(projectId);

        var bidIds = await Task.WhenAll(organizations.Select(o => Task.Run(() => grain.SubmitBid(Seed.Bid(draft), Seed.Member(o)), TestContext.Current.CancellationToken)));

        Assert.Equal(60, bidIds.Distinct().Count());
        Assert.Equal(60, await setup.DbAsync(db => db.Projects.Where(p => p.Id == projectId).Select(p => p.BidCount).SingleAsync(TestContext.Current.CancellationToken)));
        // One activation in the cluster, whichever silo the client's calls arrived at: no write on stale state, no re-run.
        Assert.Equal(0, cluster.Silos.Sum(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<GrainConflicts>().Total));
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(TestDatabase database)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Procurement"] = database.ConnectionString,
            });
            host.Services.AddGrainServices(host.Configuration);
        });
        var cluster = builder.Build();
        await cluster.DeployAsync(TestContext.Current.CancellationToken);
        return cluster;
    }
}
