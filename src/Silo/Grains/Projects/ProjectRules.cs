using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Projects;

/// <summary>The rules a project and its bids obey, pure so a unit test needs no host.</summary>
public static class ProjectRules
{
    public const int MaxCriteria = 12;
    public const int MaxMilestones = 24;
    public const int MaxListItems = 30;

    /// <summary>Bidding open longer than a year, or a service period over five years, is a mistyped date, not a plan.</summary>
    public const int MaxBiddingYears = 1;
    public const int MaxServiceYears = 5;

    public static void CheckDraft(ProjectDraft d) => DraftChecks(d, new FieldChecks()).ThrowIfAny();

    /// <summary>Adds every field error of a draft to <paramref name="checks"/> (a change's own rules may be there already).</summary>
    public static FieldChecks DraftChecks(ProjectDraft d, FieldChecks checks)
    {
        checks
            .Text(d.Title, "title", 200)
            .Text(d.Category, "category", 50)
            .Text(d.Description, "description", 8000, required: false)
            .Amount(d.BudgetFen, "budgetFen")
            .Amount(d.ProvincialFundingFen, "provincialFundingFen", allowZero: true)
            .Amount(d.LocalFundingFen, "localFundingFen", allowZero: true)
            .Amount(d.OtherFundingFen, "otherFundingFen", allowZero: true)
            .Require(d.TargetBeneficiaries is >= 0 and <= 100_000_000, "targetBeneficiaries", "out_of_range")
            .Require(d.TargetSessions is >= 0 and <= 1_000_000, "targetSessions", "out_of_range")
            .Require(d.MinCertifiedSocialWorkers is >= 0 and <= 10_000, "minCertifiedSocialWorkers", "out_of_range")
            .Require(ShortList(d.TargetGroups), "targetGroups", "invalid")
            .Require(ShortList(d.ServiceRegions), "serviceRegions", "invalid")
            .Date(d.BidOpensAt, "bidOpensAt")
            .Date(d.BidClosesAt, "bidClosesAt")
            .Date(d.ServiceStart, "serviceStart")
            .Date(d.ServiceEnd, "serviceEnd");
        if (!checks.AnyRefused("bidOpensAt", "bidClosesAt", "serviceStart", "serviceEnd"))
            checks.Require(d.BidClosesAt > d.BidOpensAt, "bidClosesAt", "project.close_before_open")
                .Require(d.BidClosesAt <= d.BidOpensAt.AddYears(MaxBiddingYears), "bidClosesAt", "project.bidding_too_long")
                .Require(d.ServiceEnd > d.ServiceStart, "serviceEnd", "project.end_before_start")
                .Require(d.ServiceEnd <= d.ServiceStart.AddYears(MaxServiceYears), "serviceEnd", "project.service_too_long")
                .Require(d.ServiceStart >= d.BidClosesAt.ToChinaDate(), "serviceStart", "project.service_before_close");

        var fundingFits = d.ProvincialFundingFen is >= 0 and <= 10_000_000_000_000 && d.LocalFundingFen is >= 0 and <= 10_000_000_000_000
            && d.OtherFundingFen is >= 0 and <= 10_000_000_000_000;
        checks.Require(!fundingFits || d.ProvincialFundingFen + d.LocalFundingFen + d.OtherFundingFen == d.BudgetFen, "funding", "project.funding_sum");

        checks.Require(d.Criteria is { Count: > 0 and <= MaxCriteria }, "criteria", "project.criteria_count")
            .Require(d.Criteria is null || d.Criteria.All(c => c is not null), "criteria", "invalid");
        if (d.Criteria is { Count: > 0 } && d.Criteria.All(c => c is not null))
        {
            checks.Require(d.Criteria.All(c => !string.IsNullOrWhiteSpace(c.Name) && c.Name.Length <= 50), "criteria", "project.criterion_name")
                .Require(d.Criteria.All(c => c.Weight is > 0 and <= 100), "criteria", "project.criterion_weight")
                .Require(d.Criteria.Select(c => c.Name?.Trim()).Distinct().Count() == d.Criteria.Count, "criteria", "project.criterion_duplicate")
                .Require(d.Criteria.Sum(c => (long)c.Weight) == 100, "criteria", "project.weights_sum");
        }
        return checks;
    }

    public static void CheckPublishable(Project p, DateTimeOffset now)
    {
        if (p.Status != ProjectStatus.Draft)
            throw RuleViolation.Conflict("project.not_draft", "Only a draft can be published.");
        new FieldChecks().Require(p.BidClosesAt > now, "bidClosesAt", "project.close_in_past").ThrowIfAny("project.not_publishable");
    }

    /// <summary>Whether bids are accepted now; a late bid gets its own clear code.</summary>
    public static void CheckBiddingOpen(Project p, DateTimeOffset now)
    {
        // A draft (or cancelled) project does not exist for bidders: same answer as an unknown id.
        if (p.Status is ProjectStatus.Draft or ProjectStatus.Cancelled) throw RuleViolation.NotFound("project");
        if (p.Status != ProjectStatus.Published || now >= p.BidClosesAt)
            throw RuleViolation.Conflict("bid.deadline_passed", "The bid deadline has passed; bids are no longer accepted.");
        if (now < p.BidOpensAt)
            throw RuleViolation.Conflict("bid.not_open", "Bidding has not opened yet.");
    }

    public static void CheckEligible(Project p, Organization o, long communityGroupCapFen)
    {
        if (o.Status != OrganizationStatus.Approved)
            throw RuleViolation.Forbidden("bid.organization_not_approved", "The organization must be approved by a union before it bids.");
        if (p.RegisteredOnly && o.Kind != OrganizationKind.Registered)
            throw RuleViolation.Forbidden("bid.registered_only", "Only registered organizations may bid on this project.");
        if (o.CertifiedSocialWorkers < p.MinCertifiedSocialWorkers)
            throw RuleViolation.Forbidden("bid.social_workers", "The organization has fewer certified social workers than the project requires.");
        if (o.Kind == OrganizationKind.CommunityGroup && p.BudgetFen > communityGroupCapFen)
            throw RuleViolation.Forbidden("bid.community_group_cap", "Community groups may bid only on projects within their budget cap.");
    }

    public static void CheckBid(BidDraft b, Project p)
    {
        var checks = new FieldChecks()
            .Text(b.Plan, "plan", 8000)
            .Text(b.Team, "team", 2000, required: false)
            .Amount(b.AmountFen, "amountFen")
            .Require(b.AmountFen <= p.BudgetFen, "amountFen", "bid.above_ceiling")
            .Require(b.TargetBeneficiaries is >= 0 and <= 100_000_000, "targetBeneficiaries", "out_of_range")
            .Require(b.TargetSessions is >= 0 and <= 1_000_000, "targetSessions", "out_of_range")
            .Require(b.BudgetLines is { Count: <= 50 }, "budgetLines", "too_many")
            .Require(b.BudgetLines is null || b.BudgetLines.All(l => l is not null), "budgetLines", "invalid")
            .Require(b.Milestones is null || b.Milestones.All(m => m is not null), "milestones", "invalid");
        if (b.BudgetLines is { Count: > 0 } && b.BudgetLines.All(l => l is not null))
        {
            checks.Require(b.BudgetLines.All(l => !string.IsNullOrWhiteSpace(l.Item) && l.Item.Length <= 100), "budgetLines", "bid.budget_line_item")
                .Require(b.BudgetLines.All(l => l.AmountFen is > 0 and <= 10_000_000_000_000), "budgetLines", "bid.budget_line_amount");
            if (!checks.HasErrors)
                checks.Require(b.BudgetLines.Sum(l => l.AmountFen) == b.AmountFen, "budgetLines", "bid.budget_lines_sum");
        }
        checks.Require(b.Milestones is { Count: > 0 and <= MaxMilestones }, "milestones", "bid.milestone_count");
        if (b.Milestones is { Count: > 0 } && b.Milestones.All(m => m is not null))
        {
            checks.Require(b.Milestones.All(m => !string.IsNullOrWhiteSpace(m.Deliverable) && m.Deliverable.Length <= 500), "milestones", "bid.milestone_deliverable")
                .Require(b.Milestones.All(m => m.DueDate >= p.ServiceStart && m.DueDate <= p.ServiceEnd), "milestones", "bid.milestone_outside_period")
                .Require(b.Milestones.All(m => m.SharePercent is > 0 and <= 100), "milestones", "bid.milestone_share")
                .Require(b.Milestones.Sum(m => (long)m.SharePercent) == 100, "milestones", "bid.shares_sum");
        }
        checks.ThrowIfAny();
    }

    private static bool ShortList(IReadOnlyList<string>? items) =>
        items is { Count: <= MaxListItems } && items.All(i => i is { Length: > 0 and <= 50 });
}
