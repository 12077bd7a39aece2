using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Organizations;

/// <summary>修改申请: the applicant corrects its application (pending, or returned with a reason) and submits it again.</summary>
[Authorize(Policy = Roles.OrganizationMember)]
public sealed class EditModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    [BindProperty] public RegistrationForm Input { get; set; } = new();

    /// <summary>Why the application came back, when it did.</summary>
    public string? RejectionReason { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } current) return NotFound();
        Input = RegistrationForm.From(current);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null) return NotFound();
        ModelState.LocalizeBindingErrors(rules);
        var registration = Input.ToRegistration();
        var refused = Silo.Grains.Organizations.OrganizationRules.Checks(registration).Violation();
        if (refused is not null) ModelState.AddFailure(rules, refused);
        else if (!ModelState.IsValid) ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
        if (!ModelState.IsValid
            || !await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(Id).Resubmit(registration, User.ToActor()))))
            return Page();
        TempData["Notice"] = text["Notice_Resubmitted"].Value;
        return Redirect($"/organizations/{Id}");
    }

    /// <summary>The caller's own organization while it is not approved; null otherwise (404: nothing to correct here).</summary>
    private async Task<OrganizationRegistration?> LoadAsync(CancellationToken ct)
    {
        if (User.GuidClaim(PortalClaims.OrganizationId) != Id) return null;
        var o = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == Id && o.Status != OrganizationStatus.Approved, ct);
        if (o is null) return null;
        RejectionReason = o.Status == OrganizationStatus.Rejected ? o.RejectionReason : null;
        return new OrganizationRegistration(o.Name, o.Kind, o.Uscc, o.RegionCode, o.Description, o.ServiceDomains, o.ServiceRegions,
            o.CertifiedSocialWorkers, o.Volunteers, o.ContactName, o.ContactPhone);
    }
}
