using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Home;

namespace Procurement.Web.Pages;

public sealed record ProjectRow(Guid Id, string Title, string Union, long BudgetFen, DateTimeOffset BidClosesAt, ProjectStatus Status);

public sealed record ActivityRow(string Kind, string Title, DateTimeOffset At);

/// <summary>首页: live totals with charts, the latest projects and the public activity stream.</summary>
public sealed class IndexModel(ProcurementDb db, Features.AggregateCache cache) : PageModel
{
    public PlatformStats Stats { get; private set; } = null!;
    public IReadOnlyList<ProjectRow> Latest { get; private set; } = [];
    public IReadOnlyList<ActivityRow> Activity { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await Features.Home.Stats.LoadAsync(db, cache, null, null);
        Latest = await db.Projects.AsNoTracking()
            .Where(p => p.Status != ProjectStatus.Draft && p.Status != ProjectStatus.Cancelled)
            .OrderByDescending(p => p.PublishedAt).Take(8)
            .Join(db.Unions, p => p.UnionId, u => u.Id, (p, u) => new ProjectRow(p.Id, p.Title, u.Name, p.BudgetFen, p.BidClosesAt, p.Status))
            .ToListAsync(ct);
        Activity = await db.Activities.AsNoTracking().Where(a => a.IsPublic).OrderByDescending(a => a.At).Take(10)
            .Select(a => new ActivityRow(a.Kind, a.Title, a.At)).ToListAsync(ct);
    }
}
