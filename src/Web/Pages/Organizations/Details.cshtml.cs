using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Storage;
using Procurement.Web.Features.Organizations;

namespace Procurement.Web.Pages.Organizations;

/// <summary>机构资料: an approved organization's public profile (a pending one for union admins and its own members).</summary>
public sealed class DetailsModel(ProcurementDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public OrganizationView Organization { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Features.Organizations.Organizations.GetAsync(db, User, Id, ct) is not { } organization) return NotFound();
        Organization = organization;
        return Page();
    }
}
