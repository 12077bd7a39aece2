using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Needs;
using Procurement.Web.Features.Unions;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Needs;

/// <summary>职工需求: the public needs, most supported first, by region, category and group, with their counts in charts.</summary>
public sealed class IndexModel(ProcurementDb db, AggregateCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? UnionId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Group { get; set; }

    public Page<NeedSummary> Result { get; private set; } = null!;
    public NeedFigures Figures { get; private set; } = null!;
    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];
    public int Pending { get; private set; }

    /// <summary>The needs received, accepted, taken up and served, per region of the chosen union (数据统计).</summary>
    public Features.Home.PlatformStats Stats { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var filter = new NeedFilter(UnionId, Category, Group, pageNumber, null);
        (Result, Figures) = await Features.Needs.Needs.BoardAsync(db, cache, filter, ct);
        Stats = await Features.Home.Stats.LoadAsync(db, cache, UnionId, null);
        Unions = await cache.GetAsync("union-options", async () => UnionOption.Flatten(await UnionTree.LoadAsync(db, CancellationToken.None)));
        if (User.IsInRole(Roles.UnionAdmin)) Pending = await Features.Needs.Needs.PendingCountAsync(db, cache, User);
    }
}
