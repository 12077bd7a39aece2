using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Silo.Grains.Projects;
using Procurement.Storage.Entities;

namespace Procurement.Web.Features.Projects;

public sealed record ProjectSummary(Guid Id, string Title, string Category, Guid UnionId, string UnionName, string? BrandName,
    long BudgetFen, DateTimeOffset BidClosesAt, ProjectStatus Status, IReadOnlyList<string> TargetGroups);

public sealed record CriterionView(string Name, int Weight);

/// <summary>
/// The award, proposed (中标公示 until <see cref="PublicityEndsAt"/>) or final (<see cref="ContractId"/> set), as everyone
/// sees it: the winner and amount, every bidder's rank and score, the evaluators' names (after the fact) and how many
/// objections it drew (the union and each objector read them on the objections page).
/// </summary>
public sealed record AwardView(Guid BidId, Guid OrganizationId, string OrganizationName, long AmountFen, Guid? ContractId, string? Reason,
    DateTimeOffset? ProposedAt, DateTimeOffset? PublicityEndsAt, IReadOnlyList<PublicRankView> Ranking, IReadOnlyList<string> Evaluators,
    int Objections, int OpenObjections);

/// <summary>A bidder's place in the published result: rank, name and project score (centipoints).</summary>
public sealed record PublicRankView(int Rank, string OrganizationName, int? ScoreCentipoints);

public sealed record ProjectDetail(
    Guid Id, string Title, string Category, string Description, Guid UnionId, string UnionName, string UnionPath, Guid? BrandId, string? BrandName,
    IReadOnlyList<string> TargetGroups, IReadOnlyList<string> ServiceRegions,
    long BudgetFen, long ProvincialFundingFen, long LocalFundingFen, long OtherFundingFen,
    int TargetBeneficiaries, int TargetSessions, bool RegisteredOnly, int MinCertifiedSocialWorkers,
    IReadOnlyList<CriterionView> Criteria, DateTimeOffset BidOpensAt, DateTimeOffset BidClosesAt, DateOnly ServiceStart, DateOnly ServiceEnd,
    ProjectStatus Status, DateTimeOffset? PublishedAt, int? BidCount, AwardView? Award, int EvaluatorCount,
    IReadOnlyList<AmendmentView> Amendments, string? CancelReason, DateTimeOffset? CancelledAt, IReadOnlyList<DocumentView> Documents);

/// <summary>A public amendment of the call (更正公告).</summary>
public sealed record AmendmentView(DateTimeOffset At, string Note, DateTimeOffset BidClosesAt);

public sealed record ProjectFilter(ProjectStatus? Status, Guid? UnionId, Guid? BrandId, string? Category, string? Q, int? Page, int? PageSize);

public static class ProjectQueries
{
    /// <summary>
    /// The categories of every project the caller may see (at most 100), for filters and new-project alerts; read once
    /// per change for everyone who sees the same projects.
    /// </summary>
    public static Task<List<string>> CategoriesAsync(ProcurementDb db, AggregateCache cache, ClaimsPrincipal user) =>
        cache.GetAsync(("categories", user.ProjectScope()),
            () => db.ProjectsFor(user).AsNoTracking().Select(p => p.Category).Distinct().OrderBy(c => c).Take(100).ToListAsync(CancellationToken.None));

    public static async Task<Page<ProjectSummary>> ListAsync(ProcurementDb db, ClaimsPrincipal user, ProjectFilter f, CancellationToken ct)
    {
        var (page, size) = Page<ProjectSummary>.Clamp(f.Page, f.PageSize);
        var projects = await FilteredAsync(db, user, f, ct);
        var total = await projects.CountAsync(ct);
        var items = await Summaries(db, projects).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return new Page<ProjectSummary>(items, page, size, total);
    }

    /// <summary>Every project of the list the filter gives (no paging), in the list's order, read as it is enumerated: for downloads.</summary>
    public static async Task<IEnumerable<ProjectSummary>> AllAsync(ProcurementDb db, ClaimsPrincipal user, ProjectFilter f, CancellationToken ct) =>
        Summaries(db, await FilteredAsync(db, user, f, ct)).AsEnumerable();

    /// <summary>The projects the caller may see that pass the filter (status, union subtree, brand, category, words of the title).</summary>
    private static async Task<IQueryable<Project>> FilteredAsync(ProcurementDb db, ClaimsPrincipal user, ProjectFilter f, CancellationToken ct)
    {
        var projects = db.ProjectsFor(user).AsNoTracking();
        if (f.Status is { } status) projects = projects.Where(p => p.Status == status);
        if (f.UnionId is { } unionId)
        {
            var path = await db.Unions.Where(u => u.Id == unionId).Select(u => u.Path).FirstOrDefaultAsync(ct) ?? "-";
            projects = projects.Where(p => p.UnionPath.StartsWith(path));
        }
        if (f.BrandId is { } brandId) projects = projects.Where(p => p.BrandId == brandId);
        if (!string.IsNullOrWhiteSpace(f.Category)) projects = projects.Where(p => p.Category == f.Category);
        if (!string.IsNullOrWhiteSpace(f.Q)) projects = projects.Where(p => p.Title.Contains(f.Q.Trim()));
        return projects;
    }

    /// <summary>The list's order (open for bids first, then by deadline, latest first) and its row.</summary>
    private static IQueryable<ProjectSummary> Summaries(ProcurementDb db, IQueryable<Project> projects) =>
        projects.OrderByDescending(p => p.Status == ProjectStatus.Published).ThenByDescending(p => p.BidClosesAt)
            .Select(p => new ProjectSummary(p.Id, p.Title, p.Category, p.UnionId,
                // The union's name in the reader's language: both names read in the query, Names' rule applied to them.
                Names.Pick(db.Unions.Where(u => u.Id == p.UnionId).Select(u => u.Name).First(), db.Unions.Where(u => u.Id == p.UnionId).Select(u => u.NameEn).First()),
                db.Brands.Where(b => b.Id == p.BrandId).Select(b => b.Name).FirstOrDefault(),
                p.BudgetFen, p.BidClosesAt, p.Status, p.TargetGroups));

    /// <summary>A project as the caller may see it, or null when it does not exist for them. The bid count is the union's only.</summary>
    public static async Task<ProjectDetail?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var p = await db.ProjectsFor(user).AsNoTracking().Where(x => x.Id == id)
            .Select(x => new
            {
                Project = x,
                Union = Names.Pick(db.Unions.Where(u => u.Id == x.UnionId).Select(u => u.Name).First(), db.Unions.Where(u => u.Id == x.UnionId).Select(u => u.NameEn).First()),
                Brand = db.Brands.Where(b => b.Id == x.BrandId).Select(b => b.Name).FirstOrDefault(),
                Evaluators = x.Evaluators.Count,
            })
            .FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var x = p.Project;
        var award = x.AwardedBidId is { } awardedId ? await AwardAsync(db, x, awardedId, ct) : null;
        var manages = user.ManagesUnion(x.UnionPath);
        return new ProjectDetail(x.Id, x.Title, x.Category, x.Description, x.UnionId, p.Union, x.UnionPath, x.BrandId, p.Brand,
            x.TargetGroups, x.ServiceRegions, x.BudgetFen, x.ProvincialFundingFen, x.LocalFundingFen, x.OtherFundingFen,
            x.TargetBeneficiaries, x.TargetSessions, x.RegisteredOnly, x.MinCertifiedSocialWorkers,
            [.. x.Criteria.Select(c => new CriterionView(c.Name, c.Weight))], x.BidOpensAt, x.BidClosesAt, x.ServiceStart, x.ServiceEnd,
            x.Status, x.PublishedAt, manages ? x.BidCount : null,
            award,
            manages ? p.Evaluators : 0,
            [.. x.Amendments.Select(a => new AmendmentView(a.At, a.Note, a.BidClosesAt))], x.CancelReason, x.CancelledAt, Documents.Views(x.Documents));
    }

    /// <summary>
    /// The award with the published ranking: the bids and scores of this one project on their own (nested in the project's
    /// query, EF Core numbers every bid of every project to pick one — 190 ms on the province dataset).
    /// </summary>
    private static async Task<AwardView> AwardAsync(ProcurementDb db, Project x, Guid awardedId, CancellationToken ct)
    {
        var scored = await db.Projects.AsNoTracking().Where(p => p.Id == x.Id).Include(p => p.Bids).ThenInclude(b => b.Scores).Include(p => p.Evaluators)
            .AsSplitQuery().FirstAsync(ct);
        var ranked = EvaluationRules.Rank(scored);
        var organizationIds = ranked.Select(r => r.Bid.OrganizationId).ToList();
        var names = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var evaluatorIds = scored.Evaluators.Where(e => !e.ConflictDeclared).Select(e => e.EvaluatorId).ToList();
        var evaluators = await db.Users.AsNoTracking().Where(u => evaluatorIds.Contains(u.Id)).OrderBy(u => u.DisplayName).Select(u => u.DisplayName).ToListAsync(ct);
        var winner = ranked.Single(r => r.Bid.Id == awardedId).Bid;
        return new AwardView(winner.Id, winner.OrganizationId, names.GetValueOrDefault(winner.OrganizationId, ""), winner.AmountFen, x.ContractId, x.AwardReason,
            x.AwardProposedAt, x.PublicityEndsAt,
            [.. ranked.Select((r, i) => new PublicRankView(i + 1, names.GetValueOrDefault(r.Bid.OrganizationId, ""), r.Score))],
            [.. evaluators.Select(Names.Of)], x.Objections.Count(o => o.BidId == awardedId && o.FiledAt >= x.AwardProposedAt), x.OpenObjections);
    }
}
