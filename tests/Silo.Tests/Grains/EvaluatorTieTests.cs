using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;

namespace Procurement.Silo.Tests.Grains;

/// <summary>回避申报: an evaluator's declared ties are their own, and a tie to a bidder or to a contract's organization refuses "no conflict".</summary>
public sealed class EvaluatorTieTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, ChinaTime.Offset);

    private static async Task<string> RefusedAsync(Func<Task> call) => (await Assert.ThrowsAsync<RuleViolation>(call)).Code;

    /// <summary>A project of the world's union, bid on by the world's organization, closed, with the evaluators assigned.</summary>
    private static async Task<(Guid ProjectId, Guid BidId)> ClosedProjectAsync(DeliveryWorld world)
    {
        var (projectId, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        var bidId = await project.SubmitBid(Seed.Bid(draft), world.Members[0]);
        await project.AssignEvaluators([.. world.Evaluators.Select(e => e.UserId)], world.Admin);
        world.MoveTo(draft.BidClosesAt.AddMinutes(1));
        Assert.True(await project.CloseBidding());
        return (projectId, bidId);
    }

    [Fact]
    public async Task A_tie_to_a_bidder_refuses_a_declaration_of_no_conflict_until_the_evaluator_declares_the_conflict()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 2);
        var (tied, free) = (world.Evaluators[0], world.Evaluators[1]);
        await world.Node.Grains.GetGrain<IEvaluatorGrain>(tied.UserId).DeclareTie(world.OrganizationId, "曾任该机构理事（2023—2025年）", tied);
        // A tie to an organization that did not bid changes nothing for this project.
        await world.Node.Grains.GetGrain<IEvaluatorGrain>(free.UserId).DeclareTie(world.OtherOrganizationId, "配偶在该机构任职", free);
        var (projectId, bidId) = await ClosedProjectAsync(world);
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        CriterionScoreInput[] scores = [new("服务方案", 80), new("报价", 80)];

        Assert.Equal("evaluation.declared_tie", await RefusedAsync(() => project.DeclareConflict(false, tied)));
        Assert.Equal("evaluation.declared_tie", await RefusedAsync(() => project.ScoreBid(bidId, scores, declareNoConflict: true, tied)));
        await project.ScoreBid(bidId, scores, declareNoConflict: true, free);
        await project.DeclareConflict(true, tied);

        var panel = await world.Node.DbAsync(db => db.EvaluatorAssignments.AsNoTracking().Where(a => a.ProjectId == projectId)
            .ToDictionaryAsync(a => a.EvaluatorId, a => (a.ConflictDeclared, a.DeclaredNoConflictAt is not null), TestContext.Current.CancellationToken));
        Assert.Equal((true, false), panel[tied.UserId]);
        Assert.Equal((false, true), panel[free.UserId]);
    }

    [Fact]
    public async Task A_withdrawn_tie_no_longer_stands_and_a_tie_to_the_contracted_organization_refuses_the_review()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var evaluator = world.Evaluators[0];
        var ties = world.Node.Grains.GetGrain<IEvaluatorGrain>(evaluator.UserId);
        await ties.DeclareTie(world.OrganizationId, "曾为该机构提供督导服务", evaluator);
        await ties.DeclareTie(world.OrganizationId, "曾为该机构提供有偿督导服务（2025年）", evaluator);
        var stored = await world.Node.DbAsync(db => db.EvaluatorTies.AsNoTracking().Where(t => t.EvaluatorId == evaluator.UserId).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal("曾为该机构提供有偿督导服务（2025年）", Assert.Single(stored).Nature);
        await ties.WithdrawTie(world.OrganizationId, evaluator);
        Assert.Equal("tie.not_found", await RefusedAsync(() => ties.WithdrawTie(world.OrganizationId, evaluator)));

        // Withdrawn before the award: the evaluator scores the bid and later sits on the contract's reviews.
        var awarded = await world.AwardContractAsync();
        await ties.DeclareTie(world.OrganizationId, "已受聘为该机构顾问", evaluator);
        var contract = world.ContractGrain(awarded.Id);
        world.MoveTo(new DateTimeOffset(2027, 1, 1, 0, 5, 0, ChinaTime.Offset));
        var (quarter, _, end) = ChinaTime.PreviousQuarter(world.Clock.GetUtcNow());
        Assert.True(await contract.OpenReview(quarter, end, world.Clock.GetUtcNow().AddDays(10)));
        var review = Assert.Single((await world.LoadAsync(awarded.Id)).Reviews);
        Assert.Equal("evaluation.declared_tie", await RefusedAsync(() => contract.ScoreReview(review.Id, new(80, 80, 80, 80, 80), declareNoConflict: true, evaluator)));
    }

    [Fact]
    public async Task Only_the_evaluator_declares_their_ties_and_every_bad_field_is_refused()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 2);
        var ties = world.Node.Grains.GetGrain<IEvaluatorGrain>(world.Evaluators[0].UserId);
        Assert.Equal("evaluator.self_only", await RefusedAsync(() => ties.DeclareTie(world.OrganizationId, "代为申报", world.Evaluators[1])));
        Assert.Equal("evaluator.self_only", await RefusedAsync(() => ties.DeclareTie(world.OrganizationId, "工会代为申报", world.Admin)));
        var bad = await Assert.ThrowsAsync<RuleViolation>(() => ties.DeclareTie(Guid.NewGuid(), new string('关', EvaluatorLimits.NatureLength + 1), world.Evaluators[0]));
        Assert.Equal(["nature", "organizationId"], bad.Errors.Keys.Order());
        Assert.Equal(0, await world.Node.DbAsync(db => db.EvaluatorTies.CountAsync(TestContext.Current.CancellationToken)));
    }
}
