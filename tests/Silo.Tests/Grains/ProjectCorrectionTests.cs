using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Silo.Tests.Grains;

/// <summary>
/// Corrections of a call: a draft is edited until published; a published call is amended before its deadline (a moved
/// deadline moves the close) or cancelled before its award with a reason; each refusal changes nothing.
/// </summary>
public sealed class ProjectCorrectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static Task<Project> LoadAsync(SiloNode node, Guid id) =>
        node.DbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == id, TestContext.Current.CancellationToken));

    [Fact]
    public async Task A_draft_is_edited_until_published_and_keeps_its_union()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var id = Guid.NewGuid();
        var draft = Seed.Project(world.Union.Id, world.Clock.GetUtcNow());
        var grain = world.Node.Grains.GetGrain<IProjectGrain>(id);
        await grain.CreateDraft(draft, world.Admin);

        await grain.UpdateDraft(draft with { Title = "2026年职工心理健康服务项目（修订）", BudgetFen = 1_200_000_00, ProvincialFundingFen = 800_000_00 }, world.Admin);
        var edited = await LoadAsync(world.Node, id);
        Assert.Equal(("2026年职工心理健康服务项目（修订）", 1_200_000_00L), (edited.Title, edited.BudgetFen));

        var moved = await Assert.ThrowsAsync<RuleViolation>(() => grain.UpdateDraft(draft with { UnionId = Guid.NewGuid(), Title = "" }, world.Admin));
        Assert.Equal(["title", "unionId"], moved.Errors.Keys.Order()); // every field error at once
        var outsider = await Assert.ThrowsAsync<RuleViolation>(() => grain.UpdateDraft(draft, world.Members[0]));
        Assert.Equal(ViolationKind.Forbidden, outsider.Kind);

        await grain.Publish(world.Admin);
        var published = await Assert.ThrowsAsync<RuleViolation>(() => grain.UpdateDraft(draft, world.Admin));
        Assert.Equal("project.not_draft", published.Code);
        Assert.Equal("2026年职工心理健康服务项目（修订）", (await LoadAsync(world.Node, id)).Title);
    }

    [Fact]
    public async Task An_amendment_needs_a_note_keeps_an_opened_bidding_and_the_budget_above_bids_and_a_new_deadline_moves_the_close()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var (id, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());
        var grain = world.Node.Grains.GetGrain<IProjectGrain>(id);
        await grain.SubmitBid(Seed.Bid(draft, 900_000_00), world.Members[0]);
        var before = await LoadAsync(world.Node, id);

        var refused = await Assert.ThrowsAsync<RuleViolation>(() => grain.Amend(draft with
        {
            BidOpensAt = draft.BidOpensAt.AddHours(-1), BudgetFen = 800_000_00, ProvincialFundingFen = 400_000_00,
        }, " ", world.Admin));
        Assert.Equal(["bidOpensAt", "budgetFen", "note"], refused.Errors.Keys.Order());
        Assert.Equal(["project.budget_below_bids"], refused.Errors["budgetFen"]);
        var unchanged = await LoadAsync(world.Node, id);
        Assert.Equal((before.Version, before.BudgetFen, 0), (unchanged.Version, unchanged.BudgetFen, unchanged.Amendments.Count));

        var later = draft.BidClosesAt.AddDays(3);
        await grain.Amend(draft with { BidClosesAt = later, ServiceStart = draft.ServiceStart.AddDays(3) }, "投标截止时间延长三天，以便补充资质材料。", world.Admin);
        var amended = await LoadAsync(world.Node, id);
        Assert.Equal(later, amended.BidClosesAt);
        var amendment = Assert.Single(amended.Amendments);
        Assert.Equal(("投标截止时间延长三天，以便补充资质材料。", later), (amendment.Note, amendment.BidClosesAt));

        // The old deadline no longer closes it; bids are still taken until the new one, which does.
        world.MoveTo(draft.BidClosesAt.AddMinutes(1));
        Assert.False(await grain.CloseBidding());
        await grain.SubmitBid(Seed.Bid(draft, 850_000_00), world.Members[0]);
        world.MoveTo(later);
        Assert.True(await grain.CloseBidding());
        var closed = await Assert.ThrowsAsync<RuleViolation>(() => grain.Amend(draft with { BidClosesAt = later.AddDays(3) }, "再延长", world.Admin));
        Assert.Equal("project.amend_closed", closed.Code);
    }

    [Fact]
    public async Task A_cancelled_call_takes_no_bid_and_is_never_closed_and_an_awarded_one_cannot_be_cancelled()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var (id, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());
        var grain = world.Node.Grains.GetGrain<IProjectGrain>(id);

        Assert.Equal(["reason"], (await Assert.ThrowsAsync<RuleViolation>(() => grain.Cancel("", world.Admin))).Errors.Keys);
        await grain.Cancel("上级工会统筹安排同类服务，本项目不再实施。", world.Admin);
        var cancelled = await LoadAsync(world.Node, id);
        Assert.Equal((ProjectStatus.Cancelled, "上级工会统筹安排同类服务，本项目不再实施。"), (cancelled.Status, cancelled.CancelReason));

        Assert.Equal("project.not_found", (await Assert.ThrowsAsync<RuleViolation>(() => grain.SubmitBid(Seed.Bid(draft), world.Members[0]))).Code);
        world.MoveTo(draft.BidClosesAt.AddMinutes(1));
        Assert.False(await grain.CloseBidding());
        Assert.Equal("project.cancel_closed", (await Assert.ThrowsAsync<RuleViolation>(() => grain.Cancel("再次终止", world.Admin))).Code);

        var awarded = await world.AwardContractAsync();
        var late = await Assert.ThrowsAsync<RuleViolation>(() => world.Node.Grains.GetGrain<IProjectGrain>(awarded.ProjectId).Cancel("中标后终止", world.Admin));
        Assert.Equal("project.cancel_closed", late.Code);
    }

    [Fact]
    public async Task Bidders_hear_of_an_amendment_and_bidders_and_evaluators_of_a_cancellation()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 1, dispatch: true);
        var (id, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());
        var grain = world.Node.Grains.GetGrain<IProjectGrain>(id);
        await grain.SubmitBid(Seed.Bid(draft), world.Members[0]);
        await grain.AssignEvaluators([world.Evaluators[0].UserId], world.Admin);
        Task<List<Notification>> OfKind(string kind) => world.Node.DbAsync(db => db.Notifications.AsNoTracking().Where(n => n.Kind == kind)
            .ToListAsync(TestContext.Current.CancellationToken));

        await grain.Amend(draft with { Description = "增加线上辅导。" }, "服务内容增加线上辅导。", world.Admin);
        Assert.True(await Poll.UntilAsync(async () => (await OfKind(NoticeKinds.ProjectAmended)).Count == 2));
        Assert.Equal(world.Members.Select(m => m.UserId).Order(), (await OfKind(NoticeKinds.ProjectAmended)).Select(n => n.UserId).Order());

        await grain.Cancel("资金调整，本项目终止。", world.Admin);
        Assert.True(await Poll.UntilAsync(async () => (await OfKind(NoticeKinds.ProjectCancelled)).Count == 3));
        var told = await OfKind(NoticeKinds.ProjectCancelled);
        Assert.Equal(world.Members.Select(m => m.UserId).Append(world.Evaluators[0].UserId).Order(), told.Select(n => n.UserId).Order());
        Assert.All(told, n => Assert.EndsWith("项目已终止：资金调整，本项目终止。", n.Title, StringComparison.Ordinal));
        Assert.DoesNotContain(await world.Node.DbAsync(db => db.Notifications.Where(n => n.UserId == world.Outsider.UserId).ToListAsync(TestContext.Current.CancellationToken)),
            n => n.Kind is NoticeKinds.ProjectAmended or NoticeKinds.ProjectCancelled);
    }
}
