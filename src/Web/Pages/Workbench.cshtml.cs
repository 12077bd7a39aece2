using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Workbench;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

public sealed record StageCount(ProjectStatus Status, int Count);
public sealed record UnionProjectRow(Guid Id, string Title, string Union, string UnionEn, ProjectStatus Status, long BudgetFen, DateTimeOffset BidClosesAt, int BidCount, int Evaluators, Guid? ContractId);
public sealed record OwnBidRow(Guid ProjectId, string Title, ProjectStatus ProjectStatus, DateTimeOffset BidClosesAt, BidStatus Status, long AmountFen, DateTimeOffset UpdatedAt, bool Won, Guid? ContractId);
public sealed record OwnContractRow(Guid Id, string Title, ContractStatus Status, long AmountFen, long PaidFen, DateOnly PeriodEnd, DateOnly? NextDue);
/// <summary>An evaluator's assignment; <see cref="Bids"/> is -1 while the bids are sealed (not even their count is shown).</summary>
public sealed record AssignmentRow(Guid ProjectId, string Title, ProjectStatus Status, DateTimeOffset BidClosesAt, bool Declared, bool Conflict, int Scored, int Bids);

/// <summary>
/// 工作台: what waits for the caller (<see cref="WorkQueues"/>), then a union admin's subtree by stage, an organization's
/// bids and contracts, an evaluator's assignments. Each list is filtered in its query by the caller's union path,
/// organization or user id, and paged.
/// </summary>
[Authorize]
public sealed class WorkbenchModel(ProcurementDb db, AggregateCache cache, TimeProvider time) : PageModel
{
    public const int Size = 15;

    /// <summary>Items shown per queue; the queue's own page has them all.</summary>
    public const int QueueShown = 5;

    [BindProperty(SupportsGet = true)] public ProjectStatus? Stage { get; set; }

    public string View { get; private set; } = "";
    public IReadOnlyList<WorkQueue> Queues { get; private set; } = [];
    public DateOnly Today => time.GetUtcNow().ToChinaDate();
    public IReadOnlyList<StageCount> Stages { get; private set; } = [];
    public Page<UnionProjectRow>? Projects { get; private set; }
    /// <summary>The organizations awaiting approval: the count of the union admin's queue of them.</summary>
    public int PendingOrganizations => Queues.FirstOrDefault(q => q.Key == "organizations")?.Count ?? 0;
    public Page<OwnBidRow>? Bids { get; private set; }
    public Page<OwnContractRow>? Contracts { get; private set; }
    public Page<AssignmentRow>? Assignments { get; private set; }
    /// <summary>The organization's own activity (its bids, its contracts' milestones and reviews), newest first.</summary>
    public IReadOnlyList<ActivityRow> Activity { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, [FromQuery(Name = "cpage")] int? contractPage, CancellationToken ct)
    {
        var page = Math.Max(1, pageNumber ?? 1);
        Queues = await WorkQueues.ForAsync(db, cache, User, Today, QueueShown, ct);
        if ((User.IsInRole(Roles.UnionAdmin) && User.UnionPathOf() is not null) || User.IsInRole(Roles.PlatformAdmin))
        {
            View = "union";
            await LoadUnionAsync(User.UnionPathOf() ?? "/", page);
        }
        else if (User.IsInRole(Roles.OrganizationMember) && User.GuidClaim(PortalClaims.OrganizationId) is { } organizationId)
        {
            View = "organization";
            await LoadOrganizationAsync(organizationId, page, Math.Max(1, contractPage ?? 1), ct);
        }
        else if (User.IsInRole(Roles.Evaluator) && User.UserId() is { } evaluatorId)
        {
            View = "evaluator";
            await LoadEvaluatorAsync(evaluatorId, page, ct);
        }
    }

    /// <summary>
    /// The subtree's projects by stage and a page of them: a grouping and a sort over every project of the subtree (10,000
    /// for a province). The first page (what the workbench opens on) is shared through the aggregate cache by everyone of
    /// the union and recomputed after every event; later pages and unknown stages, which any number could ask for, are not kept.
    /// </summary>
    private async Task LoadUnionAsync(string path, int page)
    {
        var stageFilter = Stage;
        var shared = page == 1 && (stageFilter is null || Enum.IsDefined(stageFilter.Value));
        (Stages, Projects) = shared ? await cache.GetAsync(("workbench", path, stageFilter), LoadAsync) : await LoadAsync();

        async Task<(IReadOnlyList<StageCount>, Page<UnionProjectRow>)> LoadAsync()
        {
            var subtree = db.Projects.AsNoTracking().Where(p => p.UnionPath.StartsWith(path));
            IReadOnlyList<StageCount> stages = [.. (await subtree.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(CancellationToken.None))
                .Select(g => new StageCount(g.Key, g.Count)).OrderBy(s => s.Status)];
            var list = stageFilter is { } stage ? subtree.Where(p => p.Status == stage) : subtree;
            var total = stages.Where(s => stageFilter is null || s.Status == stageFilter).Sum(s => s.Count);
            var items = await list.OrderBy(p => p.Status == ProjectStatus.Awarded || p.Status == ProjectStatus.NoAward || p.Status == ProjectStatus.Cancelled)
                .ThenByDescending(p => p.BidClosesAt)
                .Skip((page - 1) * Size).Take(Size)
                .Select(p => new UnionProjectRow(p.Id, p.Title, db.Unions.Where(u => u.Id == p.UnionId).Select(u => u.Name).First(),
                    db.Unions.Where(u => u.Id == p.UnionId).Select(u => u.NameEn).First(), p.Status, p.BudgetFen,
                    p.BidClosesAt, p.BidCount, p.Evaluators.Count, p.ContractId))
                .ToListAsync(CancellationToken.None);
            return (stages, new Page<UnionProjectRow>(items, page, Size, total));
        }
    }

    private async Task LoadOrganizationAsync(Guid organizationId, int page, int contractPage, CancellationToken ct)
    {
        var bids = db.Bids.AsNoTracking().Where(b => b.OrganizationId == organizationId);
        var bidTotal = await bids.CountAsync(ct);
        var bidItems = await bids.OrderByDescending(b => b.UpdatedAt).Skip((page - 1) * Size).Take(Size)
            .Join(db.Projects, b => b.ProjectId, p => p.Id, (b, p) => new OwnBidRow(p.Id, p.Title, p.Status, p.BidClosesAt, b.Status, b.AmountFen, b.UpdatedAt,
                p.AwardedBidId == b.Id, p.AwardedBidId == b.Id ? p.ContractId : null))
            .ToListAsync(ct);
        Bids = new Page<OwnBidRow>(bidItems, page, Size, bidTotal);

        var contracts = db.ContractsFor(User).AsNoTracking();
        var contractTotal = await contracts.CountAsync(ct);
        var contractItems = await contracts.OrderByDescending(c => c.SignedAt).Skip((contractPage - 1) * Size).Take(Size)
            .Select(c => new OwnContractRow(c.Id, c.Title, c.Status, c.AmountFen, c.PaidFen, c.PeriodEnd,
                c.Milestones.Where(m => m.Status != MilestoneStatus.Verified).OrderBy(m => m.DueDate).Select(m => (DateOnly?)m.DueDate).FirstOrDefault()))
            .ToListAsync(ct);
        Contracts = new Page<OwnContractRow>(contractItems, contractPage, Size, contractTotal);
        Activity = await ActivityRow.NewestAsync(db, db.Activities.Where(a => a.OrganizationId == organizationId), 15, ct);
    }

    private async Task LoadEvaluatorAsync(Guid evaluatorId, int page, CancellationToken ct)
    {
        var assignments = db.EvaluatorAssignments.AsNoTracking().Where(a => a.EvaluatorId == evaluatorId);
        var total = await assignments.CountAsync(ct);
        var items = await assignments
            .Join(db.Projects, a => a.ProjectId, p => p.Id, (a, p) => new { a, p })
            .OrderBy(x => x.p.Status != ProjectStatus.Evaluating).ThenByDescending(x => x.p.BidClosesAt)
            .Skip((page - 1) * Size).Take(Size)
            .Select(x => new AssignmentRow(x.p.Id, x.p.Title, x.p.Status, x.p.BidClosesAt, x.a.DeclaredNoConflictAt != null, x.a.ConflictDeclared,
                db.BidScores.Count(s => s.EvaluatorId == evaluatorId && db.Bids.Any(b => b.Id == s.BidId && b.ProjectId == x.p.Id && b.Status == BidStatus.Submitted)),
                x.p.Status == ProjectStatus.Published ? -1 : x.p.BidCount))
            .ToListAsync(ct);
        Assignments = new Page<AssignmentRow>(items, page, Size, total);
    }
}
