using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;
using Procurement.Silo.Scheduling;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Tests.Support;

namespace Procurement.Silo.Tests.Grains;

/// <summary>
/// Award publicity (中标公示): the period in working days (China time, holidays and adjusted workdays from the rules), the
/// objections bidders file and the union answers, and the conclusion — after the period, with every objection answered,
/// exactly once however many Silos try.
/// </summary>
public sealed class AwardPublicityTests
{
    /// <summary>Friday 4 December 2026, 10:00 China time.</summary>
    private static readonly DateTimeOffset Friday = new(2026, 12, 4, 10, 0, 0, ChinaTime.Offset);

    private static readonly HashSet<DateOnly> None = [];

    private static DateTimeOffset ChinaMidnight(int month, int day) => new(2026, month, day, 0, 0, 0, ChinaTime.Offset);

    [Fact]
    public void Three_working_days_from_a_friday_skip_the_weekend_and_end_at_thursday_midnight_china_time() =>
        Assert.Equal(ChinaMidnight(12, 10), ChinaTime.AfterWorkingDays(Friday, 3, None, None));

    [Fact]
    public void The_period_counts_from_the_china_date_after_the_proposal_whatever_the_utc_date()
    {
        // 23:59 on Thursday in China is still Thursday (15:59 UTC): Friday, Monday and Tuesday count.
        Assert.Equal(ChinaMidnight(12, 9), ChinaTime.AfterWorkingDays(new DateTimeOffset(2026, 12, 3, 23, 59, 0, ChinaTime.Offset), 3, None, None));
        // 00:30 on Friday in China is Thursday 16:30 UTC, yet Friday is the proposal's day: Monday to Wednesday count.
        Assert.Equal(ChinaMidnight(12, 10), ChinaTime.AfterWorkingDays(new DateTimeOffset(2026, 12, 3, 16, 30, 0, TimeSpan.Zero), 3, None, None));
    }

    [Fact]
    public void Public_holidays_are_not_counted_and_weekend_days_worked_instead_are()
    {
        Assert.Equal(ChinaMidnight(12, 11), ChinaTime.AfterWorkingDays(Friday, 3, new HashSet<DateOnly> { new(2026, 12, 7) }, None));
        Assert.Equal(ChinaMidnight(12, 9), ChinaTime.AfterWorkingDays(Friday, 3, None, new HashSet<DateOnly> { new(2026, 12, 5) }));
        Assert.Equal(Friday, ChinaTime.AfterWorkingDays(Friday, 0, None, None));
    }

    [Fact]
    public void A_period_ending_at_midnight_china_time_reads_as_its_last_day_at_24_00()
    {
        Assert.Equal("2026-12-09 24:00", ChinaMidnight(12, 10).ToChinaEndString());
        Assert.Equal("2026-12-04 10:00", Friday.ToChinaEndString());
    }

    [Fact]
    public void The_rules_read_the_holidays_and_adjusted_workdays_from_configuration()
    {
        var rules = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rules:AwardPublicityWorkingDays"] = "5",
            ["Rules:PublicHolidays:0"] = "2026-12-07",
            ["Rules:PublicHolidays:1"] = "2026-12-08",
            ["Rules:AdjustedWorkdays:0"] = "2026-12-12",
        }).Build().GetSection("Rules").Get<ProcurementRulesOptions>()!;
        // Wednesday 9, Thursday 10, Friday 11, Saturday 12 (worked), Monday 14.
        Assert.Equal(ChinaMidnight(12, 15), rules.PublicityEnd(Friday, rules.AwardPublicityWorkingDays));
    }

    /// <summary>A world whose union publishes awards for <paramref name="days"/> working days, set through its grain.</summary>
    private static async Task<DeliveryWorld> WorldAsync(int days, bool dispatch = false)
    {
        var world = await DeliveryWorld.StartAsync(Friday, evaluators: 1, dispatch: dispatch);
        await world.Node.Grains.GetGrain<IUnionGrain>(world.Union.Id).SetAwardPublicity(days, world.Admin);
        return world;
    }

    private static Task<int> AuditCountAsync(DeliveryWorld world, Guid projectId, string action) =>
        world.Node.DbAsync(db => db.AuditTrail.CountAsync(a => a.AggregateId == projectId && a.Action == action, TestContext.Current.CancellationToken));

    private static Task<Procurement.Storage.Entities.Project> ProjectAsync(DeliveryWorld world, Guid projectId) =>
        world.Node.DbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, TestContext.Current.CancellationToken));

    [Fact]
    public async Task The_award_concludes_only_when_its_publicity_has_ended_and_every_objection_is_answered_and_its_contract_follows()
    {
        await using var world = await WorldAsync(3, dispatch: true);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync(rivals: [world.Outsider]);
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        var proposedAt = world.Clock.GetUtcNow();

        var outcome = await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin);
        Assert.Null(outcome.ContractId);
        Assert.Equal(ChinaTime.AfterWorkingDays(proposedAt, 3, None, None), outcome.PublicityEndsAt);
        Assert.Equal(ProjectStatus.AwardProposed, (await ProjectAsync(world, projectId)).Status);

        // Before the end nothing concludes, however asked.
        world.MoveTo(outcome.PublicityEndsAt!.Value.AddSeconds(-1));
        Assert.Null(await world.Node.Grains.ConcludeAwardAsync(projectId));
        var objectionId = await project.FileObjection("评分过程中专家未回避", null, world.Outsider);

        // The period ends with the objection unanswered: the award waits, and no late objection is taken.
        world.MoveTo(outcome.PublicityEndsAt.Value);
        Assert.Null(await world.Node.Grains.ConcludeAwardAsync(projectId));
        Assert.Equal("awards-concluded|0|0", (await world.Node.RunJobAsync<ConcludeDueAwardsJob>()).ToString());
        var late = await Assert.ThrowsAsync<RuleViolation>(() => project.FileObjection("逾期质疑", null, world.Outsider));
        Assert.Equal("objection.not_in_publicity", late.Code);

        // The dismissal is the last answer after the end: the award is final at once and the contract follows from its event.
        await project.AnswerObjection(objectionId, upheld: false, "经核查，专家与投标单位无利害关系", world.Admin);
        var awarded = await ProjectAsync(world, projectId);
        Assert.Equal((ProjectStatus.Awarded, 0), (awarded.Status, awarded.OpenObjections));
        Assert.Equal((ObjectionOutcome.Dismissed, "经核查，专家与投标单位无利害关系"), (awarded.Objections.Single().Outcome, awarded.Objections.Single().Answer));
        Assert.True(await Poll.UntilAsync(() => world.Node.DbAsync(db => db.Contracts.AnyAsync(c => c.Id == awarded.ContractId, TestContext.Current.CancellationToken))),
            "the contract was not created from ProjectAwarded");
        Assert.Equal("awards-concluded|0|0", (await world.Node.RunJobAsync<ConcludeDueAwardsJob>()).ToString());
        Assert.Equal(1, await AuditCountAsync(world, projectId, "ProjectAwarded"));
    }

    [Fact]
    public async Task An_upheld_objection_withdraws_the_proposal_settles_the_other_objections_and_reopens_the_evaluation()
    {
        await using var world = await WorldAsync(3);
        var third = Seed.Member((await Seed.ApprovedOrganizationsAsync(world.Node, world.Union, 1))[0]);
        var (projectId, bidId, rivals, panel) = await world.EvaluatedAsync(rivals: [world.Outsider, third]);
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin);
        var first = await project.FileObjection("拟中标单位资质证书已过期", null, world.Outsider);
        var second = await project.FileObjection("拟中标单位报价低于成本", null, third);

        await project.AnswerObjection(first, upheld: true, "资质证书确已过期，质疑成立", world.Admin);

        var reopened = await ProjectAsync(world, projectId);
        Assert.Equal((ProjectStatus.Evaluating, null, null, 0), (reopened.Status, reopened.AwardedBidId, reopened.PublicityEndsAt, reopened.OpenObjections));
        Assert.Equal(new[] { (first, ObjectionOutcome.Upheld), (second, ObjectionOutcome.Superseded) },
            reopened.Objections.Select(o => (o.Id, o.Outcome!.Value)));
        Assert.All(reopened.Objections, o => Assert.Equal("资质证书确已过期，质疑成立", o.Answer));
        Assert.Equal(2, await AuditCountAsync(world, projectId, "ObjectionAnswered"));
        Assert.Equal(1, await AuditCountAsync(world, projectId, "AwardWithdrawn"));
        var answeredTwice = await Assert.ThrowsAsync<RuleViolation>(() => project.AnswerObjection(second, upheld: false, "改判", world.Admin));
        Assert.Equal("objection.answered", answeredTwice.Code);

        // Evaluation is open again: an evaluator revises a score, and the union proposes the next bid with a reason.
        await project.ScoreBid(rivals[0], [new CriterionScoreInput("服务方案", 95), new CriterionScoreInput("报价", 95)], declareNoConflict: false, panel[0]);
        var next = await world.Node.Grains.AwardAsync(projectId, rivals[0], null, world.Admin);
        Assert.Equal(ProjectStatus.AwardProposed, (await ProjectAsync(world, projectId)).Status);
        Assert.Equal(rivals[0], next.BidId);
        // The first proposal's objector may object to the new one; the winner's organization now may too.
        await project.FileObjection("递补程序不当", null, world.Members[0]);
        Assert.Equal(1, (await ProjectAsync(world, projectId)).OpenObjections);
    }

    [Fact]
    public async Task A_call_cancelled_during_its_publicity_settles_its_objections_and_cannot_be_revived_by_an_answer()
    {
        await using var world = await WorldAsync(3);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync(rivals: [world.Outsider]);
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin);
        var objectionId = await project.FileObjection("评分有误", null, world.Outsider);

        await project.Cancel("上级资金计划调整，项目终止", world.Admin);
        var refused = await Assert.ThrowsAsync<RuleViolation>(() => project.AnswerObjection(objectionId, upheld: true, "质疑成立", world.Admin));
        Assert.Equal("objection.answered", refused.Code);

        var cancelled = await ProjectAsync(world, projectId);
        Assert.Equal((ProjectStatus.Cancelled, null, null, 0), (cancelled.Status, cancelled.AwardedBidId, cancelled.PublicityEndsAt, cancelled.OpenObjections));
        Assert.Equal((ObjectionOutcome.Cancelled, "上级资金计划调整，项目终止"), (cancelled.Objections.Single().Outcome, cancelled.Objections.Single().Answer));
        Assert.Null(await world.Node.Grains.ConcludeAwardAsync(projectId));
    }

    [Fact]
    public async Task Only_another_bidder_objects_once_per_proposal_with_a_reason_and_only_the_projects_union_answers()
    {
        await using var world = await WorldAsync(3);
        var bystander = Seed.Member((await Seed.ApprovedOrganizationsAsync(world.Node, world.Union, 1))[0]);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync(rivals: [world.Outsider]);
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);

        async Task Refused(string code, Func<Task> call) => Assert.Equal(code, (await Assert.ThrowsAsync<RuleViolation>(call)).Code);
        await Refused("objection.not_in_publicity", () => project.FileObjection("尚未公示", null, world.Outsider));
        await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin);

        await Refused("objection.own_award", () => project.FileObjection("自己质疑自己", null, world.Members[0]));
        await Refused("objection.bidders_only", () => project.FileObjection("未投标单位质疑", null, bystander));
        await Refused("bid.organization_only", () => project.FileObjection("工会质疑", null, world.Admin));
        var blank = await Assert.ThrowsAsync<RuleViolation>(() => project.FileObjection("   ", null, world.Outsider));
        Assert.Equal(["reason"], blank.Errors.Keys);
        Assert.Empty((await ProjectAsync(world, projectId)).Objections);

        var attachment = new EvidenceInput(Guid.NewGuid(), "证明.pdf", "application/pdf", 2048, new string('a', 64));
        var objectionId = await project.FileObjection("评分汇总有误", attachment, world.Outsider);
        await Refused("objection.already_filed", () => project.FileObjection("再次质疑", null, world.Outsider));
        var stored = (await ProjectAsync(world, projectId)).Objections.Single();
        Assert.Equal((objectionId, "证明.pdf", 2048L, new string('a', 64)), (stored.Id, stored.AttachmentName!, stored.AttachmentSize!.Value, stored.AttachmentSha256!));

        await Refused("project.union_only", () => project.AnswerObjection(objectionId, true, "越权答复", world.Members[0]));
        var otherUnion = Seed.Admin(await Seed.UnionAsync(world.Node));
        await Refused("project.not_found", () => project.AnswerObjection(objectionId, true, "越权答复", otherUnion));
        await Refused("objection.not_found", () => project.AnswerObjection(Guid.NewGuid(), true, "答复", world.Admin));
        var noAnswer = await Assert.ThrowsAsync<RuleViolation>(() => project.AnswerObjection(objectionId, true, "", world.Admin));
        Assert.Equal(["answer"], noAnswer.Errors.Keys);
        Assert.Equal(1, (await ProjectAsync(world, projectId)).OpenObjections);
    }

    [Fact]
    public async Task A_union_without_publicity_gets_its_contract_at_once_and_the_union_grain_refuses_other_unions_and_bad_periods()
    {
        await using var world = await WorldAsync(0);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync();
        var outcome = await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin);
        Assert.NotNull(outcome.ContractId);
        Assert.Equal(world.Clock.GetUtcNow(), outcome.PublicityEndsAt);
        Assert.Equal(0, await AuditCountAsync(world, projectId, "AwardProposed"));
        Assert.True(await world.Node.DbAsync(db => db.Contracts.AnyAsync(c => c.Id == outcome.ContractId, TestContext.Current.CancellationToken)));

        var union = world.Node.Grains.GetGrain<IUnionGrain>(world.Union.Id);
        var outsider = Seed.Admin(await Seed.UnionAsync(world.Node));
        Assert.Equal("union.admin_only", (await Assert.ThrowsAsync<RuleViolation>(() => union.SetAwardPublicity(5, outsider))).Code);
        Assert.Equal("union.admin_only", (await Assert.ThrowsAsync<RuleViolation>(() => union.SetAwardPublicity(5, world.Members[0]))).Code);
        foreach (var bad in new int?[] { -1, Awards.MaxPublicityWorkingDays + 1 })
            Assert.Equal(["awardPublicityWorkingDays"], (await Assert.ThrowsAsync<RuleViolation>(() => union.SetAwardPublicity(bad, world.Admin))).Errors.Keys);
        Assert.Equal(0, await world.Node.DbAsync(db => db.Unions.Where(u => u.Id == world.Union.Id).Select(u => u.AwardPublicityWorkingDays).SingleAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Proposing_schedules_the_conclusion_at_the_end_of_the_publicity_in_the_job_storage()
    {
        await using var world = await WorldAsync(3, dispatch: true);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync();
        var ends = (await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin)).PublicityEndsAt!.Value;

        var monitoring = world.Node.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.True(await Poll.UntilAsync(() => monitoring.ScheduledJobs(0, 100).Any(j =>
                j.Value.Job.Type == typeof(ConcludeProjectAwardJob) && (Guid)j.Value.Job.Args[0] == projectId && j.Value.EnqueueAt == ends.UtcDateTime)),
            "no conclusion job scheduled at the end of the publicity");
    }

    [Fact]
    public async Task Two_silos_concluding_the_same_award_at_once_make_one_award_one_contract_and_one_audit_entry()
    {
        await using var world = await WorldAsync(1);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync();
        var ends = (await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin)).PublicityEndsAt!.Value;
        await using var second = await world.SecondNodeAsync();
        world.MoveTo(ends);

        // Each node holds its own activation of the project (two clusters on one database): the sweep and the direct
        // conclusion race on both, and only the database's version check decides.
        var sweeps = await Task.WhenAll(world.Node.RunJobAsync<ConcludeDueAwardsJob>(), second.RunJobAsync<ConcludeDueAwardsJob>());
        var direct = await Task.WhenAll(world.Node.Grains.ConcludeAwardAsync(projectId), second.Grains.ConcludeAwardAsync(projectId));

        Assert.Equal(1, sweeps.Sum(s => int.Parse(s.Args[0], System.Globalization.CultureInfo.InvariantCulture)) + direct.Count(d => d is not null));
        Assert.Equal(1, await AuditCountAsync(world, projectId, "ProjectAwarded"));
        var contracts = await world.Node.DbAsync(db => db.Contracts.Where(c => c.ProjectId == projectId).Select(c => c.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal((await ProjectAsync(world, projectId)).ContractId, Assert.Single(contracts));
    }
}
