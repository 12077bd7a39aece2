using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Silo.Grains.Projects;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Projects;

public sealed record BidView(Guid Id, Guid OrganizationId, string OrganizationName, BidStatus Status, string Plan, long AmountFen,
    IReadOnlyList<BudgetLineInput> BudgetLines, IReadOnlyList<MilestoneInput> Milestones, int TargetBeneficiaries, int TargetSessions,
    string Team, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt, IReadOnlyList<DocumentView> Documents);

/// <summary>
/// Bids as the caller may see them. While bidding is open they are sealed: the bidder sees its own, the union only the
/// count, everyone else nothing — not even the count.
/// </summary>
public sealed record BidsView(bool Sealed, int? Count, IReadOnlyList<BidView> Bids);

public sealed record EvaluatorScoreView(Guid EvaluatorId, string EvaluatorName, int TotalCentipoints, IReadOnlyList<CriterionScoreInput> Scores);

public sealed record RankingRow(int Rank, Guid BidId, Guid OrganizationId, string OrganizationName, long AmountFen,
    int? ScoreCentipoints, int SpreadCentipoints, IReadOnlyList<EvaluatorScoreView> ByEvaluator);

public sealed record EvaluatorStatus(Guid EvaluatorId, string Name, bool Declared, bool Conflict, int Scored);

public sealed record RankingView(Guid ProjectId, string Title, ProjectStatus Status, IReadOnlyList<CriterionView> Criteria,
    IReadOnlyList<EvaluatorStatus> Evaluators, IReadOnlyList<RankingRow> Rows, int LiveBids);

public sealed record AuditView(int Sequence, DateTimeOffset At, string? Actor, string Action, string Data, string Hash);

public sealed record AuditTrailView(Guid AggregateId, IReadOnlyList<AuditView> Entries, int? FirstBroken);

public static class BidQueries
{
    public static async Task<BidsView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid projectId, CancellationToken ct)
    {
        var project = await db.ProjectsFor(user).AsNoTracking().Where(p => p.Id == projectId)
            .Select(p => new { p.Status, p.UnionPath, p.BidCount, p.Evaluators }).FirstOrDefaultAsync(ct);
        if (project is null) return null;

        var manages = user.ManagesUnion(project.UnionPath);
        var organizationId = user.IsInRole(Roles.OrganizationMember) ? user.GuidClaim(PortalClaims.OrganizationId) : null;
        var userId = user.UserId();
        var evaluates = user.IsInRole(Roles.Evaluator)
            && project.Evaluators.Any(e => e.EvaluatorId == userId && e.DeclaredNoConflictAt != null && !e.ConflictDeclared);
        var sealedNow = project.Status == ProjectStatus.Published;

        var bids = db.Bids.AsNoTracking().Where(b => b.ProjectId == projectId);
        if (sealedNow || !(manages || evaluates))
            bids = organizationId is { } org ? bids.Where(b => b.OrganizationId == org) : bids.Where(_ => false);
        else
            bids = bids.Where(b => b.Status == BidStatus.Submitted);

        var list = await bids.OrderBy(b => b.SubmittedAt).Select(b => new
        {
            Bid = b,
            Name = db.Organizations.Where(o => o.Id == b.OrganizationId).Select(o => o.Name).First(),
        }).ToListAsync(ct);
        var views = list.Select(x => new BidView(x.Bid.Id, x.Bid.OrganizationId, x.Name, x.Bid.Status, x.Bid.Plan, x.Bid.AmountFen,
            [.. x.Bid.BudgetLines.Select(l => new BudgetLineInput(l.Item, l.AmountFen))],
            [.. x.Bid.Milestones.Select(m => new MilestoneInput(m.Deliverable, m.DueDate, m.SharePercent))],
            x.Bid.TargetBeneficiaries, x.Bid.TargetSessions, x.Bid.Team, x.Bid.SubmittedAt, x.Bid.UpdatedAt, Documents.Views(x.Bid.Documents))).ToList();
        return new BidsView(sealedNow, manages || !sealedNow && evaluates ? project.BidCount : null, views);
    }

    /// <summary>The ranking with every evaluator's scores and the spread; for the project's union once bidding has closed.</summary>
    public static async Task<RankingView?> RankingAsync(ProcurementDb db, ClaimsPrincipal user, Guid projectId, CancellationToken ct)
    {
        var project = await db.ProjectsFor(user).AsNoTracking().Include(p => p.Bids).ThenInclude(b => b.Scores).Include(p => p.Evaluators)
            .AsSplitQuery().FirstOrDefaultAsync(p => p.Id == projectId, ct);
        if (project is null || !user.ManagesUnion(project.UnionPath) || project.Status == ProjectStatus.Published) return null;

        var evaluatorIds = project.Evaluators.Select(e => e.EvaluatorId).ToList();
        var names = await db.Users.Where(u => evaluatorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => Names.Of(u.DisplayName), ct);
        var organizationIds = project.Bids.Select(b => b.OrganizationId).ToList();
        var organizations = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var ranked = EvaluationRules.Rank(project);
        return new RankingView(project.Id, project.Title, project.Status, [.. project.Criteria.Select(c => new CriterionView(c.Name, c.Weight))],
            [.. project.Evaluators.Select(e => new EvaluatorStatus(e.EvaluatorId, names.GetValueOrDefault(e.EvaluatorId, ""), e.DeclaredNoConflictAt != null,
                e.ConflictDeclared, ranked.Count(r => r.ByEvaluator.Any(s => s.EvaluatorId == e.EvaluatorId))))],
            [.. ranked.Select((r, i) => new RankingRow(i + 1, r.Bid.Id, r.Bid.OrganizationId, organizations[r.Bid.OrganizationId], r.Bid.AmountFen,
                r.Score, r.Spread, [.. r.ByEvaluator.Select(s => new EvaluatorScoreView(s.EvaluatorId, names.GetValueOrDefault(s.EvaluatorId, ""),
                    s.TotalCentipoints, [.. s.Scores.Select(c => new CriterionScoreInput(c.Criterion, c.Score))]))]))],
            ranked.Count);
    }

    /// <summary>A project's audit trail with the result of re-checking its hash chain; for the project's union.</summary>
    public static async Task<AuditTrailView?> AuditAsync(ProcurementDb db, ClaimsPrincipal user, Guid projectId, CancellationToken ct)
    {
        var project = await db.ProjectsFor(user).Where(p => p.Id == projectId).Select(p => new { p.UnionPath, p.Status }).FirstOrDefaultAsync(ct);
        if (project is null || !user.ManagesUnion(project.UnionPath)) return null;
        var trail = await db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == projectId).OrderBy(a => a.Sequence).ToListAsync(ct);
        var actorIds = trail.Where(a => a.ActorId != null).Select(a => a.ActorId!.Value).Distinct().ToList();
        var actors = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => Names.Of(u.DisplayName), ct);
        // While bidding is open, the union learns only that bids came and went: who bid stays sealed, here as everywhere.
        // The chain is still verified over the full entries.
        var sealedNow = project.Status == ProjectStatus.Published;
        bool Sealed(string action) => sealedNow && action is nameof(BidSubmitted) or nameof(BidWithdrawn) or nameof(ProposalDocumentAdded) or nameof(ProposalDocumentRemoved);
        return new AuditTrailView(projectId,
            [.. trail.Select(a => new AuditView(a.Sequence, a.At, Sealed(a.Action) ? null : a.ActorId is { } id ? actors.GetValueOrDefault(id) : null,
                a.Action, Sealed(a.Action) ? "{}" : a.Data, a.Hash))],
            AuditChain.FirstBroken(trail));
    }
}
