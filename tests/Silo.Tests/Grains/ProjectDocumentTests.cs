using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;

namespace Procurement.Silo.Tests.Grains;

/// <summary>招标文件 and 投标文件: call documents versioned by name, changed only before the deadline; proposal documents only on one's own live bid while bidding is open.</summary>
public sealed class ProjectDocumentTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, ChinaTime.Offset);

    private static EvidenceInput File(string name, char hash = 'a') => new(Guid.NewGuid(), name, "application/pdf", 2048, new string(hash, 64));

    private static async Task<string> RefusedAsync(Func<Task> call) => (await Assert.ThrowsAsync<RuleViolation>(call)).Code;

    private static Task<Procurement.Storage.Entities.Project> LoadAsync(DeliveryWorld world, Guid id) =>
        world.Node.DbAsync(db => db.Projects.AsNoTracking().Include(p => p.Bids).SingleAsync(p => p.Id == id, TestContext.Current.CancellationToken));

    [Fact]
    public async Task Call_documents_are_versioned_by_name_removed_only_from_a_draft_and_frozen_at_the_deadline()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var id = Guid.NewGuid();
        var draft = Seed.Project(world.Union.Id, world.Clock.GetUtcNow());
        var project = world.Node.Grains.GetGrain<IProjectGrain>(id);
        await project.CreateDraft(draft, world.Admin);

        var first = await project.AddCallDocument(File("招标文件.pdf"), world.Admin);
        var scratch = await project.AddCallDocument(File("草稿附件.pdf", 'b'), world.Admin);
        await project.RemoveCallDocument(scratch, world.Admin);
        await project.Publish(world.Admin);
        // The same name (in any case) after publication is the next version; the first stays readable.
        var second = await project.AddCallDocument(File("招标文件.PDF", 'c'), world.Admin);
        Assert.Equal("document.published", await RefusedAsync(() => project.RemoveCallDocument(first, world.Admin)));
        Assert.Equal("project.union_only", await RefusedAsync(() => project.AddCallDocument(File("越权.pdf"), world.Members[0])));

        var stored = (await LoadAsync(world, id)).Documents;
        Assert.Equal(new[] { (first, 1), (second, 2) }, stored.Select(d => (d.Id, d.Version)));

        world.MoveTo(draft.BidClosesAt);
        Assert.Equal("document.call_closed", await RefusedAsync(() => project.AddCallDocument(File("截止后.pdf"), world.Admin)));
        Assert.Equal(["CallDocumentAdded", "CallDocumentAdded", "CallDocumentRemoved", "CallDocumentAdded"], await world.Node.DbAsync(db =>
            db.AuditTrail.Where(a => a.AggregateId == id && a.Action.StartsWith("CallDocument")).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Proposal_documents_go_only_on_ones_own_live_bid_while_bidding_is_open()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var (id, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());
        var project = world.Node.Grains.GetGrain<IProjectGrain>(id);
        var own = await project.SubmitBid(Seed.Bid(draft), world.Members[0]);
        var rival = await project.SubmitBid(Seed.Bid(draft, 800_000_00), world.Outsider);

        var document = await project.AddProposalDocument(own, File("服务方案.pdf"), world.Members[1]);
        Assert.Equal("document.not_found", await RefusedAsync(() => project.RemoveProposalDocument(rival, document, world.Outsider)));
        Assert.Equal("bid.not_found", await RefusedAsync(() => project.AddProposalDocument(own, File("别人的.pdf"), world.Outsider)));
        Assert.Equal("bid.organization_only", await RefusedAsync(() => project.AddProposalDocument(own, File("工会的.pdf"), world.Admin)));
        // Amending the bid keeps its documents.
        await project.SubmitBid(Seed.Bid(draft, 850_000_00), world.Members[0]);
        Assert.Single((await LoadAsync(world, id)).Bids.Single(b => b.Id == own).Documents);

        world.MoveTo(draft.BidClosesAt);
        Assert.Equal("bid.deadline_passed", await RefusedAsync(() => project.AddProposalDocument(own, File("逾期.pdf"), world.Members[0])));
        Assert.Equal("bid.deadline_passed", await RefusedAsync(() => project.RemoveProposalDocument(own, document, world.Members[0])));
        Assert.Equal(document, Assert.Single((await LoadAsync(world, id)).Bids.Single(b => b.Id == own).Documents).Id);
    }
}
