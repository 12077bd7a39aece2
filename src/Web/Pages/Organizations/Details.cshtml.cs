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

/// <summary>
/// 机构资料: an approved organization's public profile. An application (pending or returned) is seen by the unions whose
/// region covers it — with its contacts and the approve / return decision — and by its own members, with the reason of a
/// return and the way to correct it.
/// </summary>
public sealed class DetailsModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text,
    Features.Contracts.EvidenceStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public OrganizationView Organization { get; private set; } = null!;

    /// <summary>The application's private part, for the deciding union and the applicant; null for everyone else.</summary>
    public ApplicationView? Application { get; private set; }

    public bool Decides => Application is { Status: OrganizationStatus.Pending } && User.IsInRole(Roles.UnionAdmin);

    public bool IsOwn => User.GuidClaim(PortalClaims.OrganizationId) == Id;

    /// <summary>The application documents, for the organization and the unions that see it; null for everyone else.</summary>
    public IReadOnlyList<Features.Projects.DocumentView>? Documents { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Features.Organizations.Organizations.GetAsync(db, User, Id, ct) is not { } organization) return NotFound();
        Organization = organization;
        Application = await Features.Organizations.Organizations.ApplicationAsync(db, User, Id, ct);
        if (await Features.Projects.Documents.OrganizationDocumentsAsync(db, User, Id, ct) is { } documents) Documents = Features.Projects.Documents.Views(documents);
        return Page();
    }

    public async Task<IActionResult> OnPostAddDocumentAsync(List<IFormFile> file, CancellationToken ct)
    {
        if (await OnGetAsync(ct) is NotFoundResult) return NotFound();
        if (!await ModelState.TryAsync(rules, () => Features.Projects.Documents.StoreAsync(file, store, ct,
                f => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(Id).AddDocument(f, User.ToActor()))), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_DocumentAdded"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveDocumentAsync(Guid documentId, CancellationToken ct)
    {
        if (await OnGetAsync(ct) is NotFoundResult) return NotFound();
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(Id).RemoveDocument(documentId, User.ToActor())), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_DocumentRemoved"].Value;
        return RedirectToPage();
    }

    public Task<IActionResult> OnPostApproveAsync(CancellationToken ct) =>
        DecideAsync(() => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(Id).Approve(User.ToActor())), "Notice_Approved", ct);

    public Task<IActionResult> OnPostRejectAsync(string? reason, CancellationToken ct) =>
        DecideAsync(() => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(Id).Reject(reason ?? "", User.ToActor())), "Notice_Rejected", ct);

    private async Task<IActionResult> DecideAsync(Func<Task> decide, string notice, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await OnGetAsync(ct) is NotFoundResult) return NotFound();
        if (!await ModelState.TryAsync(rules, decide, prefix: "")) return Page();
        TempData["Notice"] = text[notice, Organization.Name].Value;
        return RedirectToPage();
    }
}
