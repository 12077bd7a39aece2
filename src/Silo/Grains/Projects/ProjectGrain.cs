using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Projects;

public sealed class ProjectGrain(IOptions<ProcurementRulesOptions> rules) : Grain<Project>, IProjectGrain
{
    protected override string EntityName => "project";

    protected override IQueryable<Project> Load(ProcurementDb db) => db.Projects.Include(p => p.Bids).Include(p => p.Evaluators);

    public async Task CreateDraft(ProjectDraft d, Actor actor)
    {
        ProjectRules.CheckDraft(d);
        var union = await Db.Unions.AsNoTracking().FirstOrDefaultAsync(u => u.Id == d.UnionId)
            ?? throw new RuleViolation("union.not_found", "The union does not exist.", ViolationKind.Invalid, Field("unionId", "union.not_found"));
        if (!actor.CanActOnUnion(union.Path))
            throw RuleViolation.Forbidden("project.union_forbidden", "A union creates projects for itself or the unions below it.");
        if (d.BrandId is { } brandId && !await Db.Brands.AnyAsync(b => b.Id == brandId))
            throw new RuleViolation("brand.not_found", "The brand does not exist.", ViolationKind.Invalid, Field("brandId", "brand.not_found"));

        Create(new Project
        {
            UnionId = union.Id, UnionPath = union.Path, BrandId = d.BrandId, Category = d.Category.Trim(), Title = d.Title.Trim(),
            Description = d.Description ?? "", TargetGroups = [.. d.TargetGroups], ServiceRegions = [.. d.ServiceRegions],
            BudgetFen = d.BudgetFen, ProvincialFundingFen = d.ProvincialFundingFen, LocalFundingFen = d.LocalFundingFen,
            OtherFundingFen = d.OtherFundingFen, TargetBeneficiaries = d.TargetBeneficiaries, TargetSessions = d.TargetSessions,
            RegisteredOnly = d.RegisteredOnly, MinCertifiedSocialWorkers = d.MinCertifiedSocialWorkers,
            Criteria = [.. d.Criteria.Select(c => new Criterion { Name = c.Name.Trim(), Weight = c.Weight })],
            BidOpensAt = d.BidOpensAt.ToUniversalTime(), BidClosesAt = d.BidClosesAt.ToUniversalTime(),
            ServiceStart = d.ServiceStart, ServiceEnd = d.ServiceEnd,
            Status = ProjectStatus.Draft, CreatedBy = actor.UserId, CreatedAt = Now,
        });
        Raise(new ProjectDrafted(Key, State.Title, union.Id, union.Path, Now), actor.UserId);
    }

    public Task Publish(Actor actor)
    {
        RequireUnion(actor);
        ProjectRules.CheckPublishable(State, Now);
        State.Status = ProjectStatus.Published;
        State.PublishedAt = Now;
        Raise(new ProjectPublished(Key, State.Title, State.UnionPath, State.BidClosesAt, Now), actor.UserId);
        return Task.CompletedTask;
    }

    public async Task<Guid> SubmitBid(BidDraft draft, Actor actor)
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var organization = await Db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId)
            ?? throw RuleViolation.NotFound("organization");
        ProjectRules.CheckEligible(State, organization, rules.Value.CommunityGroupBudgetCapFen);
        ProjectRules.CheckBid(draft, State);

        var bid = LiveBid(organizationId);
        if (bid is null)
        {
            bid = new Bid { Id = Guid.CreateVersion7(Now), ProjectId = Key, OrganizationId = organizationId, Status = BidStatus.Submitted, SubmittedAt = Now };
            State.Bids.Add(bid);
            Db.Bids.Add(bid); // a preset key reached only through the navigation would be taken for an existing row
            State.BidCount++;
        }
        bid.Plan = draft.Plan.Trim();
        bid.AmountFen = draft.AmountFen;
        bid.BudgetLines = [.. draft.BudgetLines.Select(l => new BudgetLine { Item = l.Item.Trim(), AmountFen = l.AmountFen })];
        bid.Milestones = [.. draft.Milestones.Select(m => new ProposedMilestone { Deliverable = m.Deliverable.Trim(), DueDate = m.DueDate, SharePercent = m.SharePercent })];
        bid.TargetBeneficiaries = draft.TargetBeneficiaries;
        bid.TargetSessions = draft.TargetSessions;
        bid.Team = draft.Team ?? "";
        bid.UpdatedAt = Now;
        Raise(new BidSubmitted(Key, bid.Id, organizationId, State.UnionPath, State.BidCount, Now), actor.UserId);
        return bid.Id;
    }

    public Task WithdrawBid(Actor actor)
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var bid = LiveBid(organizationId) ?? throw RuleViolation.NotFound("bid");
        bid.Status = BidStatus.Withdrawn;
        bid.UpdatedAt = Now;
        State.BidCount--;
        Raise(new BidWithdrawn(Key, bid.Id, organizationId, State.UnionPath, State.BidCount, Now), actor.UserId);
        return Task.CompletedTask;
    }

    public Task<bool> CloseBidding()
    {
        if (!Exists || State.Status != ProjectStatus.Published || Now < State.BidClosesAt) return Task.FromResult(false);
        var noAward = State.BidCount == 0;
        State.Status = noAward ? ProjectStatus.NoAward : ProjectStatus.BiddingClosed;
        State.ClosedAt = Now;
        Raise(new BiddingClosed(Key, State.Title, State.UnionPath, State.BidCount, noAward, Now), null);
        return Task.FromResult(true);
    }

    private Bid? LiveBid(Guid organizationId) =>
        State.Bids.FirstOrDefault(b => b.OrganizationId == organizationId && b.Status == BidStatus.Submitted);

    private void RequireUnion(Actor actor)
    {
        if (!actor.CanActOnUnion(State.UnionPath))
            throw actor.Role == Roles.UnionAdmin
                ? RuleViolation.NotFound("project")
                : RuleViolation.Forbidden("project.union_only", "Only the project's union may do this.");
    }

    private static Guid RequireOrganization(Actor actor) =>
        actor is { Role: Roles.OrganizationMember, OrganizationId: { } id }
            ? id
            : throw RuleViolation.Forbidden("bid.organization_only", "Only an organization's member submits its bid.");

    private static Dictionary<string, string[]> Field(string field, string code) => new() { [field] = [code] };
}
