using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Hosting;

/// <summary>
/// The grain semantics of DESIGN §3 on Orleans: one call at a time per grain, state that outlives its silo, and the
/// version check that catches a second activation of one grain (two silos that are not one cluster, sharing a database).
/// </summary>
public sealed class AggregateGrainTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Two_hundred_concurrent_calls_on_one_grain_run_one_at_a_time()
    {
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(node);
        var organizations = await Seed.ApprovedOrganizationsAsync(node, union, 200);
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union);
        var versionBefore = await VersionAsync(node, projectId);
        var grain = node.Grains.GetGrain<IProjectGrain>(projectId);

        var bidIds = await Task.WhenAll(organizations.Select(o =>
            Task.Run(() => grain.SubmitBid(Seed.Bid(draft), Seed.Member(o)), TestContext.Current.CancellationToken)));

        Assert.Equal(200, bidIds.Distinct().Count());
        var project = await ProjectAsync(node, projectId);
        Assert.Equal(200, project.BidCount);
        Assert.Equal(versionBefore + 200, project.Version);
        Assert.Equal(200, await node.DbAsync(db => db.Bids.CountAsync(b => b.ProjectId == projectId, TestContext.Current.CancellationToken)));
        // Each call saw every call before it: the counts its events carry are 1..200, each once.
        Assert.Equal(Enumerable.Range(1, 200), (await BidSubmittedAsync(node, projectId)).Select(e => e.BidCount).Order());
        // Interleaved turns would have written on stale versions; with one activation not one call had to be re-run.
        Assert.Equal(0, node.Conflicts.Total);
    }

    [Fact]
    public async Task Grain_state_survives_a_new_host_on_the_same_database()
    {
        using var database = new TestDatabase();
        var projectId = Guid.NewGuid();
        ProjectDraft draft;
        Union union;
        Guid organization;
        await using (var first = await SiloNode.StartAsync(database))
        {
            union = await Seed.UnionAsync(first);
            organization = (await Seed.ApprovedOrganizationsAsync(first, union, 1))[0];
            draft = Seed.Project(union.Id, DateTimeOffset.UtcNow);
            await first.Grains.GetGrain<IProjectGrain>(projectId).CreateDraft(draft, Seed.Admin(union));
        }

        await using var second = await SiloNode.StartAsync(database);
        var grain = second.Grains.GetGrain<IProjectGrain>(projectId);
        // Creating it again is refused: the new host loaded the draft the old one saved.
        var again = await Assert.ThrowsAsync<RuleViolation>(() => grain.CreateDraft(draft, Seed.Admin(union)));
        Assert.Equal("project.exists", again.Code);
        await grain.Publish(Seed.Admin(union));
        var bidId = await grain.SubmitBid(Seed.Bid(draft), Seed.Member(organization));

        var project = await ProjectAsync(second, projectId);
        Assert.Equal(ProjectStatus.Published, project.Status);
        Assert.Equal(draft.Title, project.Title);
        Assert.Equal(1, project.BidCount);
        Assert.Equal(3, project.Version); // created, published, bid on
        Assert.Equal(bidId, Assert.Single(project.Bids).Id);
    }

    [Fact]
    public async Task Two_activations_of_one_grain_on_separate_silos_lose_no_update()
    {
        using var database = new TestDatabase();
        await using var one = await SiloNode.StartAsync(database, dispatch: false);
        await using var two = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(one);
        var organizations = await Seed.ApprovedOrganizationsAsync(one, union, 200);
        var (projectId, draft) = await Seed.PublishedProjectAsync(one, union);
        var versionBefore = await VersionAsync(one, projectId);
        var onOne = one.Grains.GetGrain<IProjectGrain>(projectId);
        var onTwo = two.Grains.GetGrain<IProjectGrain>(projectId);

        var bids = organizations.Select((o, i) => Task.Run(
            () => (i % 2 == 0 ? onOne : onTwo).SubmitBid(Seed.Bid(draft), Seed.Member(o)), TestContext.Current.CancellationToken));
        var bidIds = await Task.WhenAll(bids);

        var conflicts = one.Conflicts.Total + two.Conflicts.Total;
        TestContext.Current.TestOutputHelper?.WriteLine($"calls re-run after a concurrency conflict: {conflicts}");
        Assert.Equal(200, bidIds.Distinct().Count());
        var project = await ProjectAsync(two, projectId);
        Assert.Equal(200, project.BidCount);
        Assert.Equal(versionBefore + 200, project.Version);
        Assert.Equal(200, await two.DbAsync(db => db.Bids.CountAsync(b => b.ProjectId == projectId, TestContext.Current.CancellationToken)));
        // No commit was based on state another node had already replaced: every count from 1 to 200 was raised once.
        Assert.Equal(Enumerable.Range(1, 200), (await BidSubmittedAsync(two, projectId)).Select(e => e.BidCount).Order());
    }

    private static Task<Project> ProjectAsync(SiloNode node, Guid id) =>
        node.DbAsync(db => db.Projects.AsNoTracking().Include(p => p.Bids).SingleAsync(p => p.Id == id, TestContext.Current.CancellationToken));

    private static Task<long> VersionAsync(SiloNode node, Guid id) =>
        node.DbAsync(db => db.Projects.Where(p => p.Id == id).Select(p => p.Version).SingleAsync(TestContext.Current.CancellationToken));

    private static async Task<BidSubmitted[]> BidSubmittedAsync(SiloNode node, Guid projectId)
    {
        var payloads = await node.DbAsync(db => db.Outbox
            .Where(m => m.AggregateId == projectId && m.Type == typeof(BidSubmitted).FullName)
            .Select(m => m.Payload).ToListAsync(TestContext.Current.CancellationToken));
        return [.. payloads.Select(p => JsonSerializer.Deserialize<BidSubmitted>(p, Json)!)];
    }
}
