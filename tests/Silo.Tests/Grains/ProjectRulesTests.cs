using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Projects;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Grains;

public sealed class ProjectRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly ProjectDraft Draft = Seed.Project(Guid.NewGuid(), Now);

    [Fact]
    public void Accepts_a_complete_draft() => ProjectRules.CheckDraft(Draft);

    [Fact]
    public void Refuses_a_draft_whose_funding_does_not_add_up_to_the_budget()
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { LocalFundingFen = Draft.LocalFundingFen - 1 }));
        Assert.Equal("validation.failed", refused.Code);
        Assert.Equal(ViolationKind.Invalid, refused.Kind);
        Assert.Equal(["project.funding_sum"], refused.Errors["funding"]);
    }

    [Fact]
    public void Refuses_criteria_whose_weights_do_not_add_up_to_100()
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { Criteria = [new("服务方案", 60), new("报价", 30)] }));
        Assert.Contains("project.weights_sum", refused.Errors["criteria"]);
    }

    [Fact]
    public void Refuses_a_draft_that_closes_bidding_before_it_opens()
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { BidClosesAt = Draft.BidOpensAt.AddMinutes(-1) }));
        Assert.Contains("project.close_before_open", refused.Errors["bidClosesAt"]);
    }

    [Fact]
    public void Refuses_a_service_period_that_starts_before_bidding_closes()
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { ServiceStart = DateOnly.FromDateTime(Draft.BidOpensAt.UtcDateTime) }));
        Assert.Contains("project.service_before_close", refused.Errors["serviceStart"]);
    }

    [Theory]
    [InlineData(0, "positive")]
    [InlineData(-100, "positive")]
    [InlineData(long.MaxValue, "too_large")]
    public void Refuses_a_budget_that_is_not_positive_or_too_large(long budgetFen, string code)
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { BudgetFen = budgetFen }));
        Assert.Contains(code, refused.Errors["budgetFen"]);
    }

    [Fact]
    public void Refuses_negative_funding()
    {
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with { OtherFundingFen = -1, LocalFundingFen = Draft.LocalFundingFen + 1 }));
        Assert.Contains("not_negative", refused.Errors["otherFundingFen"]);
    }

    [Fact]
    public void Refuses_funding_whose_sum_would_overflow_instead_of_wrapping_around_to_the_budget()
    {
        // long.MaxValue + long.MaxValue + 2 wraps to 0 in unchecked arithmetic; the rule must not be fooled into "sums match".
        var refused = Refused(() => ProjectRules.CheckDraft(Draft with
        {
            BudgetFen = 0, ProvincialFundingFen = long.MaxValue, LocalFundingFen = long.MaxValue, OtherFundingFen = 2,
        }));
        Assert.Contains("too_large", refused.Errors["provincialFundingFen"]);
        Assert.Contains("too_large", refused.Errors["localFundingFen"]);
    }

    [Fact]
    public void Accepts_a_complete_bid() => ProjectRules.CheckBid(Seed.Bid(Draft), Published());

    [Fact]
    public void Refuses_a_bid_above_the_budget_ceiling()
    {
        var refused = Refused(() => ProjectRules.CheckBid(Seed.Bid(Draft, Seed.BudgetFen + 1), Published()));
        Assert.Equal(["bid.above_ceiling"], refused.Errors["amountFen"]);
    }

    [Fact]
    public void Accepts_a_bid_exactly_at_the_ceiling() => ProjectRules.CheckBid(Seed.Bid(Draft, Seed.BudgetFen), Published());

    [Theory]
    [InlineData(0, "positive")]
    [InlineData(-1, "positive")]
    [InlineData(long.MaxValue, "too_large")]
    public void Refuses_a_bid_amount_that_is_not_positive_or_too_large(long amountFen, string code)
    {
        var refused = Refused(() => ProjectRules.CheckBid(Seed.Bid(Draft) with { AmountFen = amountFen }, Published()));
        Assert.Contains(code, refused.Errors["amountFen"]);
    }

    [Fact]
    public void Refuses_budget_lines_that_do_not_add_up_to_the_amount()
    {
        var bid = Seed.Bid(Draft) with { BudgetLines = [new("人员费用", Seed.BidFen / 2), new("活动物料", Seed.BidFen / 2 - 1)] };
        Assert.Contains("bid.budget_lines_sum", Refused(() => ProjectRules.CheckBid(bid, Published())).Errors["budgetLines"]);
    }

    [Fact]
    public void Refuses_milestone_shares_that_do_not_add_up_to_100()
    {
        var bid = Seed.Bid(Draft) with
        {
            Milestones = [new("中期报告", Draft.ServiceStart.AddMonths(6), 50), new("结项报告", Draft.ServiceEnd, 40)],
        };
        Assert.Contains("bid.shares_sum", Refused(() => ProjectRules.CheckBid(bid, Published())).Errors["milestones"]);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void Refuses_a_milestone_outside_the_service_period(int daysOutside)
    {
        var due = daysOutside < 0 ? Draft.ServiceStart.AddDays(daysOutside) : Draft.ServiceEnd.AddDays(daysOutside);
        var bid = Seed.Bid(Draft) with { Milestones = [new("中期报告", Draft.ServiceStart.AddMonths(6), 50), new("结项报告", due, 50)] };
        Assert.Contains("bid.milestone_outside_period", Refused(() => ProjectRules.CheckBid(bid, Published())).Errors["milestones"]);
    }

    [Fact]
    public void Refuses_a_bid_after_the_deadline_and_before_the_opening()
    {
        var project = Published();
        Assert.Equal("bid.deadline_passed", Refused(() => ProjectRules.CheckBiddingOpen(project, project.BidClosesAt)).Code);
        Assert.Equal("bid.not_open", Refused(() => ProjectRules.CheckBiddingOpen(project, project.BidOpensAt.AddTicks(-1))).Code);
        ProjectRules.CheckBiddingOpen(project, project.BidClosesAt.AddTicks(-1));
    }

    [Fact]
    public void Refuses_bids_on_a_draft_as_if_it_did_not_exist_and_on_a_closed_project_as_late()
    {
        var project = Published();
        project.Status = ProjectStatus.Draft;
        var draft = Refused(() => ProjectRules.CheckBiddingOpen(project, Now));
        Assert.Equal(("project.not_found", ViolationKind.NotFound), (draft.Code, draft.Kind));
        project.Status = ProjectStatus.BiddingClosed;
        Assert.Equal("bid.deadline_passed", Refused(() => ProjectRules.CheckBiddingOpen(project, Now)).Code);
    }

    [Fact]
    public void Refuses_an_organization_that_is_not_approved_or_a_community_group_above_its_cap()
    {
        var project = Published();
        var pending = new Organization { Kind = OrganizationKind.Registered, Status = OrganizationStatus.Pending, CertifiedSocialWorkers = 5 };
        Assert.Equal("bid.organization_not_approved", Refused(() => ProjectRules.CheckEligible(project, pending, 50_000_00)).Code);

        var group = new Organization { Kind = OrganizationKind.CommunityGroup, Status = OrganizationStatus.Approved, CertifiedSocialWorkers = 5 };
        Assert.Equal("bid.community_group_cap", Refused(() => ProjectRules.CheckEligible(project, group, project.BudgetFen - 1)).Code);
        ProjectRules.CheckEligible(project, group, project.BudgetFen);
    }

    private static RuleViolation Refused(Action check) => Assert.Throws<RuleViolation>(check);

    private static Project Published() => new()
    {
        Status = ProjectStatus.Published, BudgetFen = Draft.BudgetFen, BidOpensAt = Draft.BidOpensAt, BidClosesAt = Draft.BidClosesAt,
        ServiceStart = Draft.ServiceStart, ServiceEnd = Draft.ServiceEnd, MinCertifiedSocialWorkers = Draft.MinCertifiedSocialWorkers,
    };
}
