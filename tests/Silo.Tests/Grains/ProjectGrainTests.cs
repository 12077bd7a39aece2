using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Tests.Infrastructure;

namespace Procurement.Silo.Tests.Grains;

/// <summary>A refused call is refused whole: no bid, no version bump, no event.</summary>
public sealed class ProjectGrainTests
{
    [Fact]
    public async Task Refuses_a_bid_above_the_budget_ceiling_and_changes_nothing()
    {
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(node);
        var organization = (await Seed.ApprovedOrganizationsAsync(node, union, 1))[0];
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union);
        var before = await Snapshot.OfProjectAsync(node, projectId);

        var refused = await Assert.ThrowsAsync<RuleViolation>(() =>
            node.Grains.GetGrain<IProjectGrain>(projectId).SubmitBid(Seed.Bid(draft, Seed.BudgetFen + 1), Seed.Member(organization)));

        Assert.Contains("bid.above_ceiling", refused.Errors["amountFen"]);
        Assert.Equal(before, await Snapshot.OfProjectAsync(node, projectId));
        Assert.Equal(0, before.Bids);
    }

    [Fact]
    public async Task Refuses_a_bid_after_the_deadline_and_changes_nothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var database = new TestDatabase();
        // The close-bidding job reads the same clock; keep it from closing the project under the test.
        await using var node = await SiloNode.StartAsync(database, dispatch: false, clock: clock, settings: SiloNode.HeldScheduler);
        var union = await Seed.UnionAsync(node);
        var organization = (await Seed.ApprovedOrganizationsAsync(node, union, 1))[0];
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union, clock.GetUtcNow());
        var grain = node.Grains.GetGrain<IProjectGrain>(projectId);
        var before = await Snapshot.OfProjectAsync(node, projectId);

        clock.Advance(draft.BidClosesAt - clock.GetUtcNow());
        var refused = await Assert.ThrowsAsync<RuleViolation>(() => grain.SubmitBid(Seed.Bid(draft), Seed.Member(organization)));

        Assert.Equal("bid.deadline_passed", refused.Code);
        Assert.Equal(ViolationKind.Conflict, refused.Kind);
        Assert.Equal(before, await Snapshot.OfProjectAsync(node, projectId));
    }

    [Fact]
    public async Task Accepts_a_bid_just_before_the_deadline()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false, clock: clock);
        var union = await Seed.UnionAsync(node);
        var organization = (await Seed.ApprovedOrganizationsAsync(node, union, 1))[0];
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union, clock.GetUtcNow());
        var before = await Snapshot.OfProjectAsync(node, projectId);

        clock.Advance(draft.BidClosesAt - clock.GetUtcNow() - TimeSpan.FromSeconds(1));
        await node.Grains.GetGrain<IProjectGrain>(projectId).SubmitBid(Seed.Bid(draft), Seed.Member(organization));

        var after = await Snapshot.OfProjectAsync(node, projectId);
        Assert.Equal((before.Version + 1, 1, 1), (after.Version, after.BidCount, after.Bids));
    }
}
