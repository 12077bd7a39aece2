using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Dashboard;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

/// <summary>工作台 (union): the subtree's money, progress, review grades, late milestones and live activity; CSV export.</summary>
[Authorize(Roles = Roles.UnionAdmin)]
public sealed class DashboardModel(ProcurementDb db, Features.AggregateCache cache, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? UnionId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? BrandId { get; set; }

    public DashboardView View { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Brands { get; private set; } = [];
    public IReadOnlyList<ActivityRow> Activity { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Dashboard.LoadAsync(db, cache, User, UnionId, BrandId, time, ct) is not { } view) return NotFound();
        View = view;
        var path = User.UnionPathOf()!;
        Brands = (await db.Brands.AsNoTracking().OrderBy(b => b.Name).Select(b => new { b.Id, b.Name }).ToListAsync(ct)).Select(b => (b.Id, b.Name)).ToList();
        Activity = await ActivityRow.NewestAsync(db, db.Activities.Where(a => a.UnionPath.StartsWith(path)), 15, ct);
        return Page();
    }
}
