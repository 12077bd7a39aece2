using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Projects;
using Procurement.Web.Features.Unions;

namespace Procurement.Web.Pages.Projects;

/// <summary>项目大厅: published projects (and a union admin's own drafts), filtered and paged by the shared query.</summary>
public sealed class IndexModel(ProcurementDb db, AggregateCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public ProjectStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? UnionId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? BrandId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public Page<ProjectSummary> Result { get; private set; } = null!;

    /// <summary>The list's filters for the download links: the same projects, without paging.</summary>
    public QueryString ExportQuery => QueryString.Create(new Dictionary<string, string?>
    {
        ["status"] = Status?.ToString(), ["unionId"] = UnionId?.ToString(), ["brandId"] = BrandId?.ToString(), ["category"] = Category, ["q"] = Q,
    }.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Brands { get; private set; } = [];
    public IReadOnlyList<string> Categories { get; private set; } = [];
    public IReadOnlyList<ProjectStatus> Statuses { get; private set; } = [];

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        // Query-string values that fail to parse are ignored rather than shown as errors: this is a filter, not a form.
        Result = await ProjectQueries.ListAsync(db, User, new ProjectFilter(Status, UnionId, BrandId, Category, Q, pageNumber, null), ct);
        // The filters' choices change rarely (unions and brands only with the platform's set-up): read once per change for
        // everyone, like the categories, a distinct over every project the caller may see.
        Unions = await cache.GetAsync("union-options", async () => UnionOption.Flatten(await UnionTree.LoadAsync(db, CancellationToken.None)));
        Brands = await cache.GetAsync("brand-options", async () => (IReadOnlyList<(Guid, string)>)[.. (await db.Brands.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new { b.Id, b.Name }).ToListAsync(CancellationToken.None)).Select(b => (b.Id, b.Name))]);
        Categories = await ProjectQueries.CategoriesAsync(db, cache, User);
        Statuses = User.IsInRole(Roles.UnionAdmin) || User.IsInRole(Roles.PlatformAdmin)
            ? [ProjectStatus.Draft, .. Visibility.PublicStatuses, ProjectStatus.Cancelled]
            : [.. Visibility.PublicStatuses, ProjectStatus.Cancelled];
    }
}
