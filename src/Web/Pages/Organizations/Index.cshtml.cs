using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Organizations;

namespace Procurement.Web.Pages.Organizations;

/// <summary>社会组织名录: approved organizations, searchable and paged.</summary>
public sealed class IndexModel(ProcurementDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public Page<OrganizationView> Result { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) =>
        Result = await Features.Organizations.Organizations.ListAsync(db, User, OrganizationStatus.Approved, Q, pageNumber, null, ct);
}
