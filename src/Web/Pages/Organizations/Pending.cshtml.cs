using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Organizations;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Organizations;

/// <summary>组织审核: the applications the caller's union decides (its region covers them), oldest first, with whom to call.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class PendingModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    public Page<ApplicationView> Result { get; private set; } = null!;

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) =>
        Result = await Features.Organizations.Organizations.PendingAsync(db, User, pageNumber, ct);

    public async Task<IActionResult> OnPostApproveAsync(Guid id, string? name, CancellationToken ct)
    {
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).Approve(User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text["Notice_Approved", name ?? ""].Value;
            return RedirectToPage();
        }
        await OnGetAsync(null, ct);
        return Page();
    }
}
