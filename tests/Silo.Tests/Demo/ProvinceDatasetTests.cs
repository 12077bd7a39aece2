using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Demo;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Grains.Contracts;
using Procurement.Silo.Grains.Projects;
using Procurement.Silo.Hosting;
using Procurement.Silo.Scheduling;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Demo;

/// <summary>One Small dataset generated on a running Silo, shared by the tests that read it or act on it through the grains.</summary>
public sealed class SmallDatasetFixture : IAsyncLifetime
{
    public const int Seed = 42;

    /// <summary>Midnight, 20 November 2026, China time: mid-quarter, so 2026Q3 is the quarter whose reviews are due to open.</summary>
    public static readonly DateTimeOffset Reference = new DateTimeOffset(2026, 11, 20, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();

    private readonly TestDatabase database = new();

    /// <summary>Small, standing just before the quarter-start job, so the test can run the job on it.</summary>
    public static readonly DatasetSize Size = DatasetSize.Small with { QuarterStartPending = true };

    public SiloNode Node { get; private set; } = null!;
    public ManualClock Clock { get; } = new(Reference.AddHours(9));
    public DatasetSummary Summary { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // No catch-up run at start: the test runs the quarterly job itself, once the dataset is there.
        Node = await SiloNode.StartAsync(database, clock: Clock, settings: new Dictionary<string, string?> { ["Scheduler:CatchUpOnStart"] = "false" });
        Summary = await ProvinceDataset.GenerateAsync(Node.Services, Size, Seed, Reference);
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        database.Dispose();
    }
}

public sealed class ProvinceDatasetTests(SmallDatasetFixture fixture) : IClassFixture<SmallDatasetFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SiloNode Node => fixture.Node;

    [Fact]
    public async Task Small_size_generates_exactly_the_asked_counts()
    {
        var size = SmallDatasetFixture.Size;
        var counts = await Node.DbAsync(async db => new
        {
            Unions = await db.Unions.CountAsync(Ct),
            Organizations = await db.Organizations.CountAsync(Ct),
            Projects = await db.Projects.CountAsync(Ct),
            Contracts = await db.Contracts.CountAsync(Ct),
            Milestones = await db.Milestones.CountAsync(Ct),
            Evaluators = await db.UserRoles.CountAsync(ur => db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Evaluator), Ct),
            Levels = await db.Unions.Select(u => u.Level).Distinct().CountAsync(Ct),
        });

        Assert.Equal(size.Unions, counts.Unions);
        Assert.Equal(size.Organizations, counts.Organizations);
        Assert.Equal(size.Projects, counts.Projects);
        Assert.Equal(size.Contracts, counts.Contracts);
        Assert.Equal(size.Milestones, counts.Milestones);
        Assert.Equal(size.Evaluators, counts.Evaluators);
        Assert.Equal(4, counts.Levels);
        Assert.Equal((size.Unions, size.Organizations, size.Projects, size.Milestones),
            (fixture.Summary.Unions, fixture.Summary.Organizations, fixture.Summary.Projects, fixture.Summary.Milestones));
    }

    [Fact]
    public async Task Projects_are_split_over_every_stage_as_the_size_asks()
    {
        var statuses = await Node.DbAsync(db => db.Projects.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct));
        var contracts = await Node.DbAsync(db => db.Contracts.GroupBy(c => c.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, Ct));
        var stages = SmallDatasetFixture.Size.ProjectsPerStage();

        // Another test here publishes one draft; none closes bidding.
        Assert.Equal(stages[DatasetStage.Draft] + stages[DatasetStage.OpenForBids], statuses[ProjectStatus.Draft] + statuses[ProjectStatus.Published]);
        Assert.InRange(statuses[ProjectStatus.Draft], stages[DatasetStage.Draft] - 1, stages[DatasetStage.Draft]);
        Assert.Equal(stages[DatasetStage.BiddingClosed], statuses[ProjectStatus.BiddingClosed]);
        Assert.Equal(stages[DatasetStage.Evaluating], statuses[ProjectStatus.Evaluating]);
        Assert.Equal(stages[DatasetStage.NoAward], statuses[ProjectStatus.NoAward]);
        Assert.Equal(SmallDatasetFixture.Size.Contracts, statuses[ProjectStatus.Awarded]);
        Assert.Equal(stages[DatasetStage.InDelivery], contracts[ContractStatus.Active]);
        Assert.Equal(stages[DatasetStage.Rectification], contracts[ContractStatus.Rectifying]);
        Assert.Equal(stages[DatasetStage.Completed], contracts[ContractStatus.Completed]);
        Assert.Equal(stages[DatasetStage.Terminated], contracts[ContractStatus.Terminated]);
    }

    [Fact]
    public async Task Every_generated_credit_code_is_valid_and_distinct()
    {
        var codes = await Node.DbAsync(db => db.Organizations.Select(o => o.Uscc).ToListAsync(Ct));

        Assert.Equal(SmallDatasetFixture.Size.Organizations, codes.Count);
        Assert.All(codes, c => Assert.True(Uscc.IsValid(c), c));
        Assert.Equal(codes.Count, codes.Distinct().Count());
    }

    [Fact]
    public async Task Union_paths_and_copies_follow_the_tree()
    {
        var unions = await Node.DbAsync(db => db.Unions.AsNoTracking().ToDictionaryAsync(u => u.Id, Ct));
        Assert.All(unions.Values, u =>
        {
            var parent = u.ParentId is { } id ? unions[id] : null;
            Assert.Equal(Union.ChildPath(parent?.Path, u.Id), u.Path);
            Assert.Equal(parent is null ? UnionLevel.Province : parent.Level + 1, u.Level);
        });
        var projects = await Node.DbAsync(db => db.Projects.AsNoTracking().Select(p => new { p.UnionId, p.UnionPath }).ToListAsync(Ct));
        Assert.All(projects, p => Assert.Equal(unions[p.UnionId].Path, p.UnionPath));
        var contracts = await Node.DbAsync(db => db.Contracts.AsNoTracking().Select(c => new { c.UnionId, c.UnionPath }).ToListAsync(Ct));
        Assert.All(contracts, c => Assert.Equal(unions[c.UnionId].Path, c.UnionPath));
    }

    [Fact]
    public async Task Milestone_payments_sum_to_each_contract_amount_and_paid_totals_match_verified_milestones()
    {
        var contracts = await Node.DbAsync(db => db.Contracts.AsNoTracking().Include(c => c.Milestones).ToListAsync(Ct));

        Assert.All(contracts, c =>
        {
            Assert.Equal(100, c.Milestones.Sum(m => m.SharePercent));
            Assert.Equal(c.AmountFen, c.Milestones.Sum(m => ContractRules.MilestoneAmount(c, m)));
            Assert.Equal(c.Milestones.Where(m => m.Status == MilestoneStatus.Verified).Sum(m => m.PaidFen), c.PaidFen);
            Assert.All(c.Milestones.Where(m => m.Status == MilestoneStatus.Verified), m => Assert.Equal(ContractRules.MilestoneAmount(c, m), m.PaidFen));
            Assert.InRange(c.Milestones.Count, DatasetSize.MinMilestonesPerContract, DatasetSize.MaxMilestonesPerContract);
        });
        Assert.All(contracts.Where(c => c.Status == ContractStatus.Completed), c => Assert.Equal(c.AmountFen, c.PaidFen));
        Assert.Contains(contracts.SelectMany(c => c.Milestones), m => m.Status == MilestoneStatus.Reported);
    }

    [Fact]
    public async Task Bids_and_scores_are_consistent_with_each_project_stage()
    {
        var projects = await Node.DbAsync(db => db.Projects.AsNoTracking().Include(p => p.Bids).ThenInclude(b => b.Scores).Include(p => p.Evaluators)
            .AsSplitQuery().ToListAsync(Ct));
        var contracts = await Node.DbAsync(db => db.Contracts.AsNoTracking().ToDictionaryAsync(c => c.ProjectId, Ct));

        Assert.All(projects, p =>
        {
            Assert.Equal(p.Bids.Count(b => b.Status == BidStatus.Submitted), p.BidCount);
            switch (p.Status)
            {
                case ProjectStatus.Draft or ProjectStatus.NoAward:
                    Assert.Empty(p.Bids);
                    break;
                case ProjectStatus.Published:
                    Assert.True(p.BidClosesAt > fixture.Clock.GetUtcNow());
                    Assert.Empty(p.Evaluators);
                    Assert.All(p.Bids, b => Assert.Empty(b.Scores));
                    break;
                case ProjectStatus.BiddingClosed:
                    Assert.True(p.BidCount > 0);
                    Assert.Empty(p.Evaluators);
                    break;
                case ProjectStatus.Evaluating:
                    Assert.True(p.BidCount > 0);
                    Assert.NotEmpty(p.Evaluators);
                    break;
                case ProjectStatus.Awarded:
                    // What the grain's award rule would check: complete evaluation, the top-ranked bid, its contract.
                    Assert.Equal(EvaluationRules.Rank(p)[0].Bid.Id, p.AwardedBidId);
                    Assert.All(p.Bids.Where(b => b.Status == BidStatus.Submitted), b => Assert.Equal(p.Evaluators.Count, b.Scores.Count));
                    var contract = contracts[p.Id];
                    Assert.Equal(p.ContractId, contract.Id);
                    Assert.Equal(p.Bids.Single(b => b.Id == p.AwardedBidId).AmountFen, contract.AmountFen);
                    break;
            }
        });
    }

    [Fact]
    public async Task Generated_projects_and_contracts_start_an_audit_trail_that_verifies_with_grain_events_chained_on()
    {
        foreach (var aggregateId in new[] { fixture.Summary.OpenProjectIds[0], fixture.Summary.ActiveContractIds[0] })
        {
            var trail = await Node.DbAsync(db => db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == aggregateId).OrderBy(a => a.Sequence).ToListAsync(Ct));

            // Other tests here may have chained grain events on since.
            Assert.Equal(ProvinceDataset.AuditAction, trail[0].Action);
            Assert.Equal(1, trail[0].Sequence);
            Assert.Null(AuditChain.FirstBroken(trail));
        }
    }

    [Fact]
    public async Task A_generated_open_project_accepts_a_bid_through_the_grain_and_its_bid_count_rises()
    {
        var projectId = fixture.Summary.OpenProjectIds[^1];
        var project = await Node.DbAsync(db => db.Projects.AsNoTracking().Include(p => p.Bids).FirstAsync(p => p.Id == projectId, Ct));
        var bidders = project.Bids.Select(b => b.OrganizationId).ToHashSet();
        var organization = await Node.DbAsync(db => db.Organizations.AsNoTracking()
            .Where(o => o.Status == OrganizationStatus.Approved && o.CertifiedSocialWorkers >= project.MinCertifiedSocialWorkers)
            .OrderBy(o => o.Id).ToListAsync(Ct));
        var bidder = organization.First(o => !bidders.Contains(o.Id));
        var amount = project.BudgetFen / 2;

        await Node.Grains.GetGrain<IProjectGrain>(projectId).SubmitBid(new BidDraft("按季度推进服务。", amount, [new("人员经费", amount)],
                [new("总结评估", project.ServiceEnd, 100)], 100, 10, "社工2名"),
            new Actor(Guid.Empty, Roles.OrganizationMember, OrganizationId: bidder.Id));

        var after = await Node.DbAsync(db => db.Projects.AsNoTracking().FirstAsync(p => p.Id == projectId, Ct));
        Assert.Equal(project.BidCount + 1, after.BidCount);
        var trail = await Node.DbAsync(db => db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == projectId).OrderBy(a => a.Sequence).ToListAsync(Ct));
        Assert.Equal([ProvinceDataset.AuditAction, "BidSubmitted"], trail.Select(a => a.Action));
        Assert.Null(AuditChain.FirstBroken(trail));
    }

    [Fact]
    public async Task A_generated_active_contract_accepts_a_milestone_report_from_its_organization()
    {
        var contractId = fixture.Summary.ActiveContractIds[^1];
        var contract = await Node.DbAsync(db => db.Contracts.AsNoTracking().Include(c => c.Milestones).FirstAsync(c => c.Id == contractId, Ct));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();

        await Node.Grains.GetGrain<IContractGrain>(contractId).ReportMilestone(milestone.Id, new MilestoneReport(120, 4, 50_000, "完成阶段服务。", []),
            new Actor(Guid.Empty, Roles.OrganizationMember, OrganizationId: contract.OrganizationId));

        var reported = await Node.DbAsync(db => db.Milestones.AsNoTracking().FirstAsync(m => m.Id == milestone.Id, Ct));
        Assert.Equal(MilestoneStatus.Reported, reported.Status);
        Assert.Equal(120, reported.ReportedBeneficiaries);
    }

    [Fact]
    public async Task A_generated_draft_is_published_through_the_grain_by_its_union_admin()
    {
        var draft = await Node.DbAsync(db => db.Projects.AsNoTracking().Where(p => p.Status == ProjectStatus.Draft).OrderBy(p => p.Id).FirstAsync(Ct));
        var admin = await Node.DbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Id == draft.CreatedBy, Ct));
        var adminPath = await Node.DbAsync(db => db.Unions.Where(u => u.Id == admin.UnionId).Select(u => u.Path).FirstAsync(Ct));

        await Node.Grains.GetGrain<IProjectGrain>(draft.Id).Publish(new Actor(admin.Id, Roles.UnionAdmin, admin.UnionId, adminPath));

        Assert.Equal(ProjectStatus.Published, await Node.DbAsync(db => db.Projects.Where(p => p.Id == draft.Id).Select(p => p.Status).FirstAsync(Ct)));
    }

    [Fact]
    public async Task An_evaluator_assigned_to_a_generated_project_under_evaluation_scores_its_bids_through_the_grain()
    {
        var project = await Node.DbAsync(db => db.Projects.AsNoTracking().Include(p => p.Bids).Include(p => p.Evaluators)
            .Where(p => p.Status == ProjectStatus.Evaluating).OrderBy(p => p.Id).FirstAsync(Ct));
        var evaluator = project.Evaluators[0];
        var bid = project.Bids.First(b => b.Status == BidStatus.Submitted);

        await Node.Grains.GetGrain<IProjectGrain>(project.Id).ScoreBid(bid.Id, [.. project.Criteria.Select(c => new CriterionScoreInput(c.Name, 80))],
            declareNoConflict: true, new Actor(evaluator.EvaluatorId, Roles.Evaluator));

        var score = await Node.DbAsync(db => db.BidScores.AsNoTracking().FirstAsync(s => s.BidId == bid.Id && s.EvaluatorId == evaluator.EvaluatorId, Ct));
        Assert.Equal(8000, score.TotalCentipoints);
    }

    [Fact]
    public async Task The_quarterly_review_job_opens_a_review_for_each_generated_active_contract()
    {
        var open = await Node.DbAsync(db => db.Contracts.AsNoTracking()
            .Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying).Select(c => c.Id).ToListAsync(Ct));

        await using var scope = Node.Services.CreateAsyncScope();
        var opened = await ActivatorUtilities.CreateInstance<OpenQuarterlyReviewsJob>(scope.ServiceProvider).OpenDueAsync(null, Ct);

        Assert.Equal(open.Count, opened);
        var reviews = await Node.DbAsync(db => db.QuarterlyReviews.AsNoTracking().Include(r => r.Evaluators).Where(r => r.Quarter == "2026Q3").ToListAsync(Ct));
        Assert.Equal(open.Order(), reviews.Select(r => r.ContractId).Order());
        Assert.All(reviews, r => Assert.NotEmpty(r.Evaluators));
    }

    [Fact]
    public async Task Generated_accounts_sign_in_with_the_demo_password()
    {
        var user = await Node.DbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Email == fixture.Summary.ProvinceAdminEmail, Ct));

        Assert.NotEqual(PasswordVerificationResult.Failed, new PasswordHasher<AppUser>().VerifyHashedPassword(user, user.PasswordHash!, DemoSeeder.Password));
        Assert.Equal(fixture.Summary.ProvinceUnionId, user.UnionId);
        Assert.Equal(user.Email!.ToUpperInvariant(), user.NormalizedUserName);
    }

    [Fact]
    public async Task A_second_generation_into_the_same_database_is_refused_and_writes_nothing()
    {
        var before = await Node.DbAsync(db => db.Organizations.CountAsync(Ct));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ProvinceDataset.GenerateAsync(Node.Services, DatasetSize.Small, 7, ct: Ct));

        Assert.Contains("already", refused.Message);
        Assert.Equal(before, await Node.DbAsync(db => db.Organizations.CountAsync(Ct)));
        Assert.True(await Node.DbAsync(db => ProvinceDataset.IsPresentAsync(db, Ct)));
    }
}

/// <summary>By default a dataset stands as a live platform would: the quarter-start job has already run.</summary>
public sealed class LiveQuarterDatasetTests
{
    [Fact]
    public async Task Without_a_pending_quarter_start_the_reviews_of_the_quarter_just_ended_exist_and_the_job_opens_none()
    {
        var ct = TestContext.Current.CancellationToken;
        using var database = new TestDatabase();
        await using var node = await SiloNode.StartAsync(database, clock: new ManualClock(SmallDatasetFixture.Reference.AddHours(9)),
            settings: new Dictionary<string, string?> { ["Scheduler:CatchUpOnStart"] = "false" });
        await ProvinceDataset.GenerateAsync(node.Services, DatasetSize.Small with { Projects = 100, Milestones = 500, Organizations = 40 }, 3,
            SmallDatasetFixture.Reference, ct: ct);

        await using var scope = node.Services.CreateAsyncScope();
        Assert.Equal(0, await ActivatorUtilities.CreateInstance<OpenQuarterlyReviewsJob>(scope.ServiceProvider).OpenDueAsync(null, ct));

        var open = await node.DbAsync(db => db.Contracts.AsNoTracking().Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying)
            .Select(c => new { c.Id, Reviewed = c.Reviews.Any(r => r.Quarter == "2026Q3") }).ToListAsync(ct));
        Assert.NotEmpty(open);
        Assert.All(open, c => Assert.True(c.Reviewed));
        // 20 November is past the 21 days of scoring: the 2026Q3 reviews are completed with a grade.
        var q3 = await node.DbAsync(db => db.QuarterlyReviews.AsNoTracking().Where(r => r.Quarter == "2026Q3").ToListAsync(ct));
        Assert.All(q3, r => Assert.Equal((ReviewStatus.Completed, true), (r.Status, r.Grade is not null)));
    }
}
