using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>
/// A quarterly review is opened once per quarter, scored by the project's evaluators after they declare no conflict,
/// graded at its deadline on the trimmed mean; a Fail sends the contract to rectification, two in a row recommend termination.
/// </summary>
public sealed class QuarterlyReviewTests(SharedDeliveryWorld shared) : IClassFixture<SharedDeliveryWorld>
{
    private static readonly TimeSpan ScoringTime = TimeSpan.FromDays(1);

    private static ReviewScoresInput Scores(int each) => new(each, each, each, each, each);

    private readonly DeliveryWorld world = shared.World;

    /// <summary>Opens a review of <paramref name="quarter"/> (ending an hour after the signing or the last step), due in a day.</summary>
    private async Task<QuarterlyReview> OpenAsync(Guid contractId, string quarter)
    {
        world.Clock.Advance(TimeSpan.FromHours(1)); // a quarter ending after the signing
        var now = world.Clock.GetUtcNow();
        Assert.True(await world.ContractGrain(contractId).OpenReview(quarter, now, now + ScoringTime));
        return (await world.LoadAsync(contractId)).Reviews.Single(r => r.Quarter == quarter);
    }

    /// <summary>A whole review: every evaluator gives <paramref name="each"/> on every criterion (a total of 100 × it), then the deadline passes.</summary>
    private async Task<QuarterlyReview> ReviewAsync(AwardedContract contract, string quarter, int each)
    {
        var contractId = contract.Id;
        var review = await OpenAsync(contractId, quarter);
        foreach (var evaluator in contract.Evaluators)
            await world.ContractGrain(contractId).ScoreReview(review.Id, Scores(each), declareNoConflict: true, evaluator);
        world.Clock.Advance(ScoringTime);
        Assert.True(await world.ContractGrain(contractId).CloseReview(review.Id));
        return (await world.LoadAsync(contractId)).Reviews.Single(r => r.Id == review.Id);
    }

    [Fact]
    public async Task A_quarter_is_opened_for_review_once_with_the_projects_evaluators()
    {
        var contract = await world.AwardContractAsync(evaluators: 2);
        var grain = world.ContractGrain(contract.Id);
        world.Clock.Advance(TimeSpan.FromHours(1));
        var end = world.Clock.GetUtcNow();

        Assert.True(await grain.OpenReview("2026Q4", end, end + ScoringTime));
        Assert.False(await grain.OpenReview("2026Q4", end, end + ScoringTime + ScoringTime));

        var reviews = await world.Node.DbAsync(db => db.QuarterlyReviews.AsNoTracking().Include(r => r.Evaluators)
            .Where(r => r.ContractId == contract.Id).ToListAsync(TestContext.Current.CancellationToken));
        var review = Assert.Single(reviews);
        Assert.Equal(("2026Q4", ReviewStatus.Open, end + ScoringTime), (review.Quarter, review.Status, review.DueAt));
        Assert.Equal(contract.Evaluators.Select(e => e.UserId).Order(), review.Evaluators.Select(e => e.EvaluatorId).Order());
        Assert.All(review.Evaluators, e => Assert.Null(e.DeclaredNoConflictAt)); // the bid declaration does not cover the review
        Assert.Equal([30, 30, 20, 10, 10], review.Weights);
        Assert.Equal(1, await world.OutboxCountAsync<ReviewOpened>(contract.Id));
    }

    [Fact]
    public async Task A_contract_signed_after_the_quarter_ended_gets_no_review_of_it()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var signedAt = world.Clock.GetUtcNow();

        Assert.False(await world.ContractGrain(contract.Id).OpenReview("2026Q3", signedAt, signedAt + ScoringTime));
        Assert.False(await world.ContractGrain(contract.Id).OpenReview("2026Q3", signedAt.AddDays(-1), signedAt + ScoringTime));

        Assert.Empty((await world.LoadAsync(contract.Id)).Reviews);
    }

    [Fact]
    public async Task Scoring_a_review_without_declaring_no_conflict_is_refused()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var review = await OpenAsync(contract.Id, "2026Q4");

        var refused = await Assert.ThrowsAsync<RuleViolation>(() =>
            world.ContractGrain(contract.Id).ScoreReview(review.Id, Scores(90), declareNoConflict: false, contract.Evaluators[0]));

        Assert.Equal(("evaluation.declaration_required", ViolationKind.Forbidden), (refused.Code, refused.Kind));
        var evaluator = Assert.Single((await world.LoadAsync(contract.Id)).Reviews.Single().Evaluators);
        Assert.Null(evaluator.TotalCentipoints);
        Assert.Null(evaluator.DeclaredNoConflictAt);
    }

    [Fact]
    public async Task Only_an_evaluator_of_the_review_may_score_it()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var review = await OpenAsync(contract.Id, "2026Q4");

        var stranger = await Assert.ThrowsAsync<RuleViolation>(() =>
            world.ContractGrain(contract.Id).ScoreReview(review.Id, Scores(90), declareNoConflict: true, new Actor(Guid.NewGuid(), Roles.Evaluator)));
        var member = await Assert.ThrowsAsync<RuleViolation>(() =>
            world.ContractGrain(contract.Id).ScoreReview(review.Id, Scores(100), declareNoConflict: true, world.Members[0]));

        Assert.Equal("review.not_found", stranger.Code);
        Assert.Equal("review.not_found", member.Code);
    }

    [Fact]
    public async Task Scoring_with_the_declaration_records_the_weighted_total()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var review = await OpenAsync(contract.Id, "2026Q4");

        await world.ContractGrain(contract.Id).ScoreReview(review.Id, new ReviewScoresInput(90, 80, 70, 60, 50), declareNoConflict: true, contract.Evaluators[0]);

        var evaluator = Assert.Single((await world.LoadAsync(contract.Id)).Reviews.Single().Evaluators);
        Assert.Equal([90, 80, 70, 60, 50], evaluator.Scores);
        Assert.Equal(30 * 90 + 30 * 80 + 20 * 70 + 10 * 60 + 10 * 50, evaluator.TotalCentipoints);
        Assert.Equal(world.Clock.GetUtcNow(), evaluator.DeclaredNoConflictAt);
        Assert.Equal(world.Clock.GetUtcNow(), evaluator.ScoredAt);
    }

    [Fact]
    public async Task A_comment_per_score_is_kept_trimmed_in_order_and_an_over_long_one_is_refused_with_nothing_kept()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var review = await OpenAsync(contract.Id, "2026Q4");
        var grain = world.ContractGrain(contract.Id);

        var tooLong = await Assert.ThrowsAsync<RuleViolation>(() => grain.ScoreReview(review.Id,
            new ReviewScoresInput(90, 80, 70, 60, 50, ["好", new string('长', ReviewScoresInput.CommentLength + 1)]), declareNoConflict: true, contract.Evaluators[0]));
        Assert.Equal(["review.comment_too_long"], tooLong.Errors["comments"]);
        Assert.Null(Assert.Single((await world.LoadAsync(contract.Id)).Reviews.Single().Evaluators).ScoredAt);

        await grain.ScoreReview(review.Id, new ReviewScoresInput(90, 80, 70, 60, 50, [" 服务记录完整。 ", null, "满意度样本偏少"]), declareNoConflict: true, contract.Evaluators[0]);
        var evaluator = Assert.Single((await world.LoadAsync(contract.Id)).Reviews.Single().Evaluators);
        Assert.Equal(["服务记录完整。", "", "满意度样本偏少", "", ""], evaluator.Comments);
    }

    [Fact]
    public async Task A_union_with_its_own_weights_reviews_with_them()
    {
        // A world of its own: the weights belong to the union the shared world's other tests review under.
        await using var world = await DeliveryWorld.StartAsync(new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero));
        await world.Node.DbAsync(async db =>
        {
            (await db.Unions.SingleAsync(u => u.Id == world.Union.Id, TestContext.Current.CancellationToken)).ReviewWeights = [20, 20, 20, 20, 20];
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var contract = await world.AwardContractAsync();
        world.Clock.Advance(TimeSpan.FromHours(1));
        var now = world.Clock.GetUtcNow();
        Assert.True(await world.ContractGrain(contract.Id).OpenReview("2026Q4", now, now + ScoringTime));
        var review = (await world.LoadAsync(contract.Id)).Reviews.Single();

        await world.ContractGrain(contract.Id).ScoreReview(review.Id, new ReviewScoresInput(90, 80, 70, 60, 50), declareNoConflict: true, contract.Evaluators[0]);

        var scored = (await world.LoadAsync(contract.Id)).Reviews.Single();
        Assert.Equal([20, 20, 20, 20, 20], scored.Weights);
        Assert.Equal(7000, scored.Evaluators.Single().TotalCentipoints);
    }

    [Fact]
    public async Task A_review_closes_only_at_its_deadline_graded_on_the_mean_without_the_highest_and_lowest_of_five()
    {
        var contract = await world.AwardContractAsync(evaluators: 5);
        var grain = world.ContractGrain(contract.Id);
        var review = await OpenAsync(contract.Id, "2026Q4");
        // Totals 10000, 8500, 8500, 8500, 0: trimmed mean 85.00 (良好); the plain mean would be 71.00 (合格).
        foreach (var (evaluator, each) in contract.Evaluators.Zip(new[] { 100, 85, 85, 85, 0 }))
            await grain.ScoreReview(review.Id, Scores(each), declareNoConflict: true, evaluator);

        world.Clock.Advance(ScoringTime - TimeSpan.FromSeconds(1));
        Assert.False(await grain.CloseReview(review.Id));
        Assert.Equal(ReviewStatus.Open, (await world.LoadAsync(contract.Id)).Reviews.Single().Status);

        world.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await grain.CloseReview(review.Id));
        Assert.False(await grain.CloseReview(review.Id)); // once

        var after = await world.LoadAsync(contract.Id);
        var closed = after.Reviews.Single();
        Assert.Equal((ReviewStatus.Completed, 8500, ReviewGrade.Good), (closed.Status, closed.ScoreCentipoints, closed.Grade));
        Assert.Equal(world.Clock.GetUtcNow(), closed.CompletedAt);
        Assert.Equal((ContractStatus.Active, 0), (after.Status, after.ConsecutiveFails));
        Assert.Equal(1, await world.OutboxCountAsync<ReviewCompleted>(contract.Id));
    }

    [Fact]
    public async Task A_failed_review_puts_an_active_contract_into_rectification()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);

        var review = await ReviewAsync(contract, "2026Q4", each: 59);

        Assert.Equal((5900, ReviewGrade.Fail), (review.ScoreCentipoints, review.Grade));
        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((ContractStatus.Rectifying, 1, false), (after.Status, after.ConsecutiveFails, after.TerminationRecommended));
        Assert.Equal([nameof(ReviewCompleted), nameof(RectificationRequired)], (await world.EventsAsync(contract.Id)).TakeLast(2));
        Assert.Equal(0, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
    }

    [Fact]
    public async Task Two_failed_reviews_in_a_row_recommend_termination_once()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);

        await ReviewAsync(contract, "2026Q4", each: 50);
        Assert.Equal(0, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
        await ReviewAsync(contract, "2027Q1", each: 40);

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((ContractStatus.Rectifying, 2, true), (after.Status, after.ConsecutiveFails, after.TerminationRecommended));
        Assert.Equal(1, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
        Assert.Equal(1, await world.OutboxCountAsync<RectificationRequired>(contract.Id)); // already rectifying at the second Fail

        // A third Fail while the recommendation is pending does not recommend again.
        await ReviewAsync(contract, "2027Q2", each: 30);
        Assert.Equal(1, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
    }

    [Fact]
    public async Task A_pass_between_two_fails_resets_the_count_so_termination_is_not_recommended()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);

        await ReviewAsync(contract, "2026Q4", each: 50);
        var pass = await ReviewAsync(contract, "2027Q1", each: 60);
        Assert.Equal(ReviewGrade.Pass, pass.Grade);
        Assert.Equal(0, (await world.LoadAsync(contract.Id)).ConsecutiveFails);
        await ReviewAsync(contract, "2027Q2", each: 50);

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((1, false), (after.ConsecutiveFails, after.TerminationRecommended));
        Assert.Equal(0, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
    }

    [Fact]
    public async Task Rectification_is_lifted_only_after_the_organization_reported_on_it()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await ReviewAsync(contract, "2026Q4", each: 50);

        var early = await Assert.ThrowsAsync<RuleViolation>(() => grain.LiftRectification(world.Admin));
        Assert.Equal(("contract.rectification_missing", ViolationKind.Conflict), (early.Code, early.Kind));
        Assert.Equal(ContractStatus.Rectifying, (await world.LoadAsync(contract.Id)).Status);

        await grain.SubmitRectification("  已补充签到表并调整服务排期。 ", world.Members[0]);
        var submitted = await world.LoadAsync(contract.Id);
        Assert.Equal(("已补充签到表并调整服务排期。", world.Clock.GetUtcNow()), (submitted.RectificationReport, submitted.RectificationSubmittedAt));
        Assert.Equal(ContractStatus.Rectifying, submitted.Status);

        await grain.LiftRectification(world.Admin);

        Assert.Equal(ContractStatus.Active, (await world.LoadAsync(contract.Id)).Status);
        Assert.Equal([nameof(RectificationSubmitted), nameof(RectificationLifted)], (await world.EventsAsync(contract.Id)).TakeLast(2));
        var again = await Assert.ThrowsAsync<RuleViolation>(() => grain.LiftRectification(world.Admin));
        Assert.Equal("contract.not_rectifying", again.Code);
    }

    [Fact]
    public async Task A_rectification_report_is_refused_from_another_organization_and_outside_rectification()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);

        var active = await Assert.ThrowsAsync<RuleViolation>(() => grain.SubmitRectification("已整改。", world.Members[0]));
        await ReviewAsync(contract, "2026Q4", each: 50);
        var outsider = await Assert.ThrowsAsync<RuleViolation>(() => grain.SubmitRectification("已整改。", world.Outsider));

        Assert.Equal("contract.not_rectifying", active.Code);
        Assert.Equal(("contract.not_found", ViolationKind.NotFound), (outsider.Code, outsider.Kind));
        Assert.Null((await world.LoadAsync(contract.Id)).RectificationSubmittedAt);
    }

    [Fact]
    public async Task Confirming_the_recommended_termination_terminates_the_contract()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        var premature = await Assert.ThrowsAsync<RuleViolation>(() => grain.DecideTermination(true, "服务质量不达标", world.Admin));
        Assert.Equal("contract.no_recommendation", premature.Code);
        await ReviewAsync(contract, "2026Q4", each: 50);
        await ReviewAsync(contract, "2027Q1", each: 50);

        await grain.DecideTermination(true, "连续两个季度评估不合格", world.Admin);

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((ContractStatus.Terminated, false), (after.Status, after.TerminationRecommended));
        Assert.Equal(world.Clock.GetUtcNow(), after.CompletedAt);
        Assert.Equal(nameof(TerminationDecided), (await world.EventsAsync(contract.Id))[^1]);
        // Terminated is final: no delivery, no further review.
        var report = await Assert.ThrowsAsync<RuleViolation>(() => grain.ReportMilestone(contract.Milestones[0],
            new MilestoneReport(1, 1, 0, "补交成果。", []), world.Members[0]));
        Assert.Equal("contract.closed", report.Code);
        var now = world.Clock.GetUtcNow();
        Assert.False(await grain.OpenReview("2027Q2", now, now + ScoringTime));
    }

    [Fact]
    public async Task A_review_still_open_when_the_contract_is_terminated_recommends_no_termination_again()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await ReviewAsync(contract, "2026Q4", each: 50);
        await ReviewAsync(contract, "2027Q1", each: 50);
        // The next quarter's review opened (the contract was rectifying) before the union decided.
        var pending = await OpenAsync(contract.Id, "2027Q2");
        await grain.ScoreReview(pending.Id, Scores(40), declareNoConflict: true, contract.Evaluators[0]);
        await grain.DecideTermination(true, "连续两个季度评估不合格", world.Admin);

        world.Clock.Advance(ScoringTime);
        Assert.True(await grain.CloseReview(pending.Id)); // the close job closes every due review

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal(ReviewGrade.Fail, after.Reviews.Single(r => r.Id == pending.Id).Grade);
        Assert.Equal(ContractStatus.Terminated, after.Status);
        // A terminated contract cannot be recommended for termination: no pending recommendation, no second notice to the union.
        Assert.False(after.TerminationRecommended);
        Assert.Equal(1, await world.OutboxCountAsync<TerminationRecommended>(contract.Id));
    }

    [Fact]
    public async Task Dismissing_the_recommendation_keeps_the_contract_and_starts_the_count_again()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await ReviewAsync(contract, "2026Q4", each: 50);
        await ReviewAsync(contract, "2027Q1", each: 50);

        await grain.DecideTermination(false, null, world.Admin);

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((ContractStatus.Rectifying, false, 0), (after.Status, after.TerminationRecommended, after.ConsecutiveFails));
    }
}
