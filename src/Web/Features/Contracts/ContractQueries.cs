using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Silo.Grains.Contracts;

namespace Procurement.Web.Features.Contracts;

public sealed record EvidenceView(Guid Id, string FileName, string ContentType, long SizeBytes)
{
    public bool IsImage => ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase);
}

public sealed record MilestoneView(Guid Id, int Sequence, string Deliverable, DateOnly DueDate, int SharePercent, long AmountFen, MilestoneStatus Status,
    DateTimeOffset? ReportedAt, DateTimeOffset? VerifiedAt, int ReportedBeneficiaries, int ReportedSessions, long ReportedExpenditureFen,
    string Narrative, string? RejectionReason, long PaidFen, IReadOnlyList<EvidenceView> Evidence)
{
    /// <summary>Due before <paramref name="today"/> (China date) and not reported: late for the union and the organization alike.</summary>
    public bool IsOverdue(DateOnly today) => Status == MilestoneStatus.Planned && DueDate < today;
}

public sealed record ContractView(Guid Id, Guid ProjectId, string Title, Guid UnionId, string UnionName, Guid OrganizationId, string OrganizationName,
    long AmountFen, long PaidFen, int TargetBeneficiaries, int TargetSessions, int BeneficiariesServed, int SessionsHeld, long ExpenditureFen,
    DateOnly PeriodStart, DateOnly PeriodEnd, ContractStatus Status, DateTimeOffset SignedAt, bool TerminationRecommended,
    string? RectificationReport, IReadOnlyList<MilestoneView> Milestones)
{
    public long OutstandingFen => AmountFen - PaidFen;

    /// <summary>
    /// How a milestone's status reads on <paramref name="today"/> (China date), for both sides and in every view of the
    /// contract: <c>Overdue</c> (已逾期) while the contract runs and the milestone is late, else its stored status.
    /// </summary>
    public string StatusOf(MilestoneView m, DateOnly today) =>
        m.IsOverdue(today) && Status is ContractStatus.Active or ContractStatus.Rectifying ? "Overdue" : m.Status.ToString();
}

public sealed record ReviewView(Guid Id, string Quarter, ReviewStatus Status, DateTimeOffset OpenedAt, DateTimeOffset DueAt,
    IReadOnlyList<int> Weights, int? ScoreCentipoints, ReviewGrade? Grade, int Evaluators, int Scored)
{
    /// <summary>Each evaluator's scores and comments, for the union once the review is graded; empty for everyone else.</summary>
    public IReadOnlyList<ReviewOpinion> Opinions { get; init; } = [];
}

/// <summary>One evaluator's part of a graded review: the five scores, their weighted total and a comment per score.</summary>
public sealed record ReviewOpinion(Guid ReviewId, string Evaluator, int? TotalCentipoints, IReadOnlyList<int> Scores, IReadOnlyList<string> Comments);

public static class ContractQueries
{
    public static async Task<ContractView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var c = await db.ContractsFor(user).AsNoTracking().Include(x => x.Milestones).ThenInclude(m => m.Evidence).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var union = await db.Unions.Where(u => u.Id == c.UnionId).Select(u => new { u.Name, u.NameEn }).FirstAsync(ct);
        var organization = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return new ContractView(c.Id, c.ProjectId, c.Title, c.UnionId, Names.Pick(union.Name, union.NameEn), c.OrganizationId, organization, c.AmountFen, c.PaidFen,
            c.TargetBeneficiaries, c.TargetSessions, c.BeneficiariesServed, c.SessionsHeld, c.ExpenditureFen, c.PeriodStart, c.PeriodEnd, c.Status,
            c.SignedAt, c.TerminationRecommended, c.RectificationReport,
            [.. c.Milestones.OrderBy(m => m.Sequence).Select(m => new MilestoneView(m.Id, m.Sequence, m.Deliverable, m.DueDate, m.SharePercent,
                ContractRules.MilestoneAmount(c, m), m.Status, m.ReportedAt, m.VerifiedAt, m.ReportedBeneficiaries, m.ReportedSessions,
                m.ReportedExpenditureFen, m.Narrative, m.RejectionReason, m.PaidFen,
                [.. m.Evidence.Select(e => new EvidenceView(e.Id, e.FileName, e.ContentType, e.SizeBytes))]))]);
    }

    /// <summary>
    /// The contract's reviews, newest first, with each evaluator's progress; the union also reads each evaluator's scores
    /// and comments once a review is graded (scores and comments stay with the union).
    /// </summary>
    public static async Task<IReadOnlyList<ReviewView>?> ReviewsAsync(ProcurementDb db, ClaimsPrincipal user, Guid contractId, CancellationToken ct)
    {
        if (!await db.ContractsFor(user).AnyAsync(c => c.Id == contractId, ct)) return null;
        var reviews = await db.QuarterlyReviews.AsNoTracking().Where(r => r.ContractId == contractId).OrderByDescending(r => r.Quarter)
            .Select(r => new ReviewView(r.Id, r.Quarter, r.Status, r.OpenedAt, r.DueAt, r.Weights, r.ScoreCentipoints, r.Grade,
                r.Evaluators.Count(e => !e.ConflictDeclared), r.Evaluators.Count(e => e.TotalCentipoints != null)))
            .ToListAsync(ct);
        if (!user.IsInRole(Roles.UnionAdmin) && !user.IsInRole(Roles.PlatformAdmin)) return reviews;
        var opinions = (await db.ReviewEvaluators.AsNoTracking()
                .Where(e => e.TotalCentipoints != null && db.QuarterlyReviews.Any(r => r.Id == e.ReviewId && r.ContractId == contractId && r.Status == ReviewStatus.Completed))
                .Join(db.Users, e => e.EvaluatorId, u => u.Id, (e, u) => new { e.ReviewId, u.DisplayName, e.TotalCentipoints, e.Scores, e.Comments })
                .ToListAsync(ct))
            .Select(o => new ReviewOpinion(o.ReviewId, Names.Of(o.DisplayName), o.TotalCentipoints, o.Scores, o.Comments))
            .ToLookup(o => o.ReviewId);
        return [.. reviews.Select(r => r with { Opinions = [.. opinions[r.Id].OrderByDescending(o => o.TotalCentipoints)] })];
    }
}
