using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Reviews;

public sealed record ReviewRow(Guid Id, Guid ContractId, string Title, string Quarter, ReviewStatus Status, DateTimeOffset DueAt,
    int? ScoreCentipoints, ReviewGrade? Grade, int Evaluators, int Scored, bool ScoredByMe);

/// <summary>季度评估: a union sees its subtree's reviews and grades; an evaluator the reviews assigned to them.</summary>
[Authorize(Roles = Roles.UnionAdmin + "," + Roles.Evaluator)]
public sealed class IndexModel(ProcurementDb db) : PageModel
{
    public Page<ReviewRow> Reviews { get; private set; } = null!;

    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)] public int? PageNumber { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (page, size) = Page<ReviewRow>.Clamp(PageNumber, 30);
        var me = User.UserId();
        var reviews = db.QuarterlyReviews.AsNoTracking();
        reviews = User.IsInRole(Roles.UnionAdmin) && User.UnionPathOf() is { } path
            ? reviews.Where(r => db.Contracts.Any(c => c.Id == r.ContractId && c.UnionPath.StartsWith(path)))
            : reviews.Where(r => r.Evaluators.Any(e => e.EvaluatorId == me && !e.ConflictDeclared));
        var total = await reviews.CountAsync(ct);
        var items = await reviews.OrderBy(r => r.Status).ThenBy(r => r.DueAt).Skip((page - 1) * size).Take(size)
            .Select(r => new ReviewRow(r.Id, r.ContractId, db.Contracts.Where(c => c.Id == r.ContractId).Select(c => c.Title).First(), r.Quarter,
                r.Status, r.DueAt, r.ScoreCentipoints, r.Grade, r.Evaluators.Count(e => !e.ConflictDeclared),
                r.Evaluators.Count(e => e.TotalCentipoints != null), r.Evaluators.Any(e => e.EvaluatorId == me && e.TotalCentipoints != null)))
            .ToListAsync(ct);
        Reviews = new Page<ReviewRow>(items, page, size, total);
    }
}
