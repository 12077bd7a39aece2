using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Announcements;
using Procurement.Web.Features.Unions;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Announcements;

/// <summary>通知公告: every union's announcements, newest first, by kind and union; union staff publish from here.</summary>
public sealed class IndexModel(ProcurementDb db, AggregateCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public AnnouncementKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? UnionId { get; set; }

    public Page<AnnouncementSummary> Result { get; private set; } = null!;
    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        Result = await Features.Announcements.Announcements.ListAsync(db, Kind, UnionId, pageNumber, null, ct);
        Unions = await cache.GetAsync("union-options", async () => UnionOption.Flatten(await UnionTree.LoadAsync(db, CancellationToken.None)));
    }
}
