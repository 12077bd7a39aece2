using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Hosting;

/// <summary>What one grain call commits: state, outbox rows and audit entries together, once per command.</summary>
public sealed class GrainCommitTests
{
    private static string AuditHash(AuditEntry entry) => AuditChain.Hash(entry);

    [Fact]
    public async Task A_call_commits_one_outbox_row_per_event_with_its_audit_entry_chained_to_the_previous()
    {
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(node);
        var organization = (await Seed.ApprovedOrganizationsAsync(node, union, 1))[0];
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union);
        var before = await Snapshot.OfProjectAsync(node, projectId);

        var member = Seed.Member(organization);
        var bidId = await node.Grains.GetGrain<IProjectGrain>(projectId).SubmitBid(Seed.Bid(draft), member);

        var after = await Snapshot.OfProjectAsync(node, projectId);
        Assert.Equal(before with { Version = before.Version + 1, BidCount = 1, Bids = 1, OutboxRows = before.OutboxRows + 1, AuditEntries = before.AuditEntries + 1 }, after);

        var (outbox, trail) = await node.DbAsync(async db => (
            await db.Outbox.AsNoTracking().Where(m => m.AggregateId == projectId).OrderBy(m => m.OccurredAt).ThenBy(m => m.Id).ToListAsync(TestContext.Current.CancellationToken),
            await db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == projectId).OrderBy(a => a.Sequence).ToListAsync(TestContext.Current.CancellationToken)));
        Assert.Equal([typeof(ProjectDrafted).FullName, typeof(ProjectPublished).FullName, typeof(BidSubmitted).FullName], outbox.Select(m => m.Type));
        Assert.Equal([nameof(ProjectDrafted), nameof(ProjectPublished), nameof(BidSubmitted)], trail.Select(a => a.Action));
        Assert.Equal([1, 2, 3], trail.Select(a => a.Sequence));
        Assert.Equal(outbox.Select(m => m.Payload), trail.Select(a => a.Data));
        Assert.All(outbox, m => Assert.Null(m.SentAt)); // dispatch is off on this node: committed, not yet published
        Assert.Contains(bidId.ToString(), outbox[^1].Payload, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(member.UserId, trail[^1].ActorId);

        Assert.Equal("", trail[0].PreviousHash);
        for (var i = 1; i < trail.Count; i++) Assert.Equal(trail[i - 1].Hash, trail[i].PreviousHash);
        // Recomputed from the rows as stored, as an auditor would: a mismatch reads as tampering.
        Assert.All(trail, a => Assert.Equal(a.Hash, AuditHash(a)));
        Assert.Null(AuditChain.FirstBroken(trail));
    }

    [Fact]
    public async Task A_commit_the_database_refuses_leaves_neither_the_state_nor_the_events()
    {
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(node);
        var ids = await Seed.ApprovedOrganizationsAsync(node, union, 2);
        var taken = Uscc.Compose("52", "230100", "MJY12345");
        await node.DbAsync(async db =>
        {
            (await db.Organizations.SingleAsync(o => o.Id == ids[0], TestContext.Current.CancellationToken)).Uscc = taken;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        // The USCC is unique: the UPDATE fails inside the commit, after the call raised its event.
        var probe = node.Grains.GetGrain<IOrganizationProbeGrain>(ids[1]);
        await Assert.ThrowsAnyAsync<Exception>(() => probe.TakeUscc(taken));

        var (organization, outbox, audit) = await node.DbAsync(async db => (
            await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == ids[1], TestContext.Current.CancellationToken),
            await db.Outbox.CountAsync(m => m.AggregateId == ids[1], TestContext.Current.CancellationToken),
            await db.AuditTrail.CountAsync(a => a.AggregateId == ids[1], TestContext.Current.CancellationToken)));
        Assert.Null(organization.Uscc);
        Assert.Equal(1, organization.Version);
        Assert.Equal((0, 0), (outbox, audit));

        // The activation dropped what the failed call changed: its next call starts from the row as stored.
        await probe.TakeUscc(Uscc.Compose("52", "230100", "MJY54321"));
        Assert.Equal(2, await node.DbAsync(db => db.Organizations.Where(o => o.Id == ids[1]).Select(o => o.Version).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_redelivered_command_returns_the_first_result_and_runs_only_once()
    {
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, dispatch: false);
        var union = await Seed.UnionAsync(node);
        var organization = (await Seed.ApprovedOrganizationsAsync(node, union, 1))[0];
        var (projectId, draft) = await Seed.PublishedProjectAsync(node, union);
        var grain = node.Grains.GetGrain<IProjectGrain>(projectId);
        var member = Seed.Member(organization);
        var before = await Snapshot.OfProjectAsync(node, projectId);

        Guid first, redelivered;
        try
        {
            CommandContext.CommandId = Guid.NewGuid();
            first = await grain.SubmitBid(Seed.Bid(draft), member);
            redelivered = await grain.SubmitBid(Seed.Bid(draft), member);
        }
        finally
        {
            CommandContext.CommandId = null;
        }

        Assert.Equal(first, redelivered);
        var after = await Snapshot.OfProjectAsync(node, projectId);
        Assert.Equal(before with
        {
            Version = before.Version + 1, BidCount = 1, Bids = 1, OutboxRows = before.OutboxRows + 1,
            AuditEntries = before.AuditEntries + 1, HandledCommands = before.HandledCommands + 1,
        }, after);

        // A new command from the same organization is not a redelivery: it amends the bid.
        try
        {
            CommandContext.CommandId = Guid.NewGuid();
            Assert.Equal(first, await grain.SubmitBid(Seed.Bid(draft, Seed.BidFen - 100_00), member));
        }
        finally
        {
            CommandContext.CommandId = null;
        }
        var amended = await Snapshot.OfProjectAsync(node, projectId);
        Assert.Equal((after.Version + 1, after.OutboxRows + 1, 1), (amended.Version, amended.OutboxRows, amended.Bids));
    }
}
