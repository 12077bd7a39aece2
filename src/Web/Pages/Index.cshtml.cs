using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Home;

namespace Procurement.Web.Pages;

public sealed record ProjectRow(Guid Id, string Title, string Union, long BudgetFen, DateTimeOffset BidClosesAt, ProjectStatus Status);

/// <summary>A chart's numbers as a table (visually hidden beside the chart): a name and a formatted value per row.</summary>
public sealed record ChartTable(string Caption, string NameHeader, string ValueHeader, IReadOnlyList<(string Name, string Value)> Rows);

/// <summary>One line of an activity stream and the page it leads to: the project, else the contract, else the organization.</summary>
public sealed record ActivityRow(string Kind, string Title, DateTimeOffset At, Guid? ProjectId, Guid? ContractId, Guid? OrganizationId)
{
    public string? Href => ProjectId is { } p ? $"/projects/{p}" : ContractId is { } c ? $"/contracts/{c}" : OrganizationId is { } o && Kind == "OrganizationApproved" ? $"/organizations/{o}" : null;

    /// <summary>
    /// The newest lines of a stream (already filtered to what the reader may see). A bid's line names the project the bid
    /// came in for (never the bidder); lines recorded before bid events carried the title take it from the project.
    /// </summary>
    public static Task<List<ActivityRow>> NewestAsync(ProcurementDb db, IQueryable<Storage.Entities.Activity> stream, int take, CancellationToken ct) =>
        stream.AsNoTracking().OrderByDescending(a => a.At).Take(take)
            .Select(a => new ActivityRow(a.Kind, a.Title != "" ? a.Title : db.Projects.Where(p => p.Id == a.ProjectId).Select(p => p.Title).FirstOrDefault() ?? "",
                a.At, a.ProjectId, a.ContractId, a.OrganizationId))
            .ToListAsync(ct);
}

/// <summary>首页: live totals with charts, the latest announcements and projects, and the public activity stream.</summary>
public sealed class IndexModel(ProcurementDb db, Features.AggregateCache cache) : PageModel
{
    public PlatformStats Stats { get; private set; } = null!;
    public IReadOnlyList<ProjectRow> Latest { get; private set; } = [];
    public IReadOnlyList<ActivityRow> Activity { get; private set; } = [];
    public IReadOnlyList<Features.Announcements.AnnouncementSummary> Announcements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await Features.Home.Stats.LoadAsync(db, cache, null, null);
        Latest = await db.Projects.AsNoTracking()
            .Where(p => p.Status != ProjectStatus.Draft && p.Status != ProjectStatus.Cancelled)
            .OrderByDescending(p => p.PublishedAt).Take(8)
            .Join(db.Unions, p => p.UnionId, u => u.Id, (p, u) => new ProjectRow(p.Id, p.Title, Names.Pick(u.Name, u.NameEn), p.BudgetFen, p.BidClosesAt, p.Status))
            .ToListAsync(ct);
        Activity = await ActivityRow.NewestAsync(db, db.Activities.Where(a => a.IsPublic), 10, ct);
        Announcements = await Features.Announcements.Announcements.LatestAsync(db, 5, ct);
    }
}
