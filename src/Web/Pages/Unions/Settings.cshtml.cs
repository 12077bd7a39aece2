using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Unions;

/// <summary>本会规则: a union's award publicity period (中标公示, in working days), set by its admins or those of a union above it.</summary>
[Authorize(Roles = $"{Roles.UnionAdmin},{Roles.PlatformAdmin}")]
public sealed class SettingsModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, IConfiguration config) : PageModel
{
    /// <summary>The union; a union admin's own when not given.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }

    /// <summary>"default" follows the platform; otherwise the working days.</summary>
    [BindProperty] public string? Days { get; set; }

    public UnionSettingsView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Days = View.AwardPublicityWorkingDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        int? days = null;
        if (Days != "default")
        {
            if (!int.TryParse(Days, out var parsed))
            {
                ModelState.AddRejection(rules, "validation.failed", "Some fields are invalid.",
                    new Dictionary<string, string[]> { ["awardPublicityWorkingDays"] = ["invalid"] }, "");
                return Page();
            }
            days = parsed;
        }
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IUnionGrain>(View.UnionId).SetAwardPublicity(days, User.ToActor())), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_UnionSettingsSaved"].Value;
        return RedirectToPage(new { Id = View.UnionId });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var unionId = Id ?? User.GuidClaim(PortalClaims.UnionId);
        if (unionId is not { } id || await UnionSettings.GetAsync(db, User, id, config, ct) is not { } view) return false;
        View = view;
        return true;
    }
}
