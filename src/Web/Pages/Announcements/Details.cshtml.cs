using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Announcements;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Announcements;

/// <summary>An announcement; its union corrects or withdraws it here.</summary>
public sealed class DetailsModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public AnnouncementView Announcement { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IAnnouncementGrain>(Id).Withdraw(User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text["Notice_AnnouncementWithdrawn"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await Features.Announcements.Announcements.GetAsync(db, User, Id, ct) is not { } announcement) return false;
        Announcement = announcement;
        return true;
    }
}
