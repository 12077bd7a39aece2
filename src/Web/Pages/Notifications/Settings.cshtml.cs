using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Notices;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Notifications;

/// <summary>The settings form as posted: the kinds to receive by e-mail (ticked), and the new-project alert's choices.</summary>
public sealed class NoticeSettingsForm
{
    public List<string> EmailOn { get; set; } = [];
    public bool WatchProjects { get; set; }
    public List<string> WatchCategories { get; set; } = [];
    /// <summary>Regions as typed, separated by 、，, or spaces.</summary>
    public string? WatchRegions { get; set; }
}

/// <summary>
/// 通知设置: which notices also come by e-mail (every kind the person's role receives; the portal keeps them all), and for
/// an organization's members the opt-in alert for newly published projects in chosen categories and regions.
/// </summary>
[Authorize]
public sealed partial class SettingsModel(ProcurementDb db, AggregateCache cache, RuleText rules) : PageModel
{
    [BindProperty] public NoticeSettingsForm Input { get; set; } = new();

    public IReadOnlyList<NoticeKind> Kinds { get; private set; } = [];

    /// <summary>Categories to choose from: those of the projects the person sees, and any chosen before.</summary>
    public IReadOnlyList<string> Categories { get; private set; } = [];

    public bool CanWatch => User.IsInRole(Roles.OrganizationMember);

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        var current = await Notices.SettingsAsync(db, User, ct);
        Input = new NoticeSettingsForm
        {
            EmailOn = [.. Notices.KindsFor(User).Select(k => k.Key).Except(current.EmailOff ?? [])],
            WatchProjects = current.WatchProjects,
            WatchCategories = [.. current.WatchCategories ?? []],
            WatchRegions = string.Join("、", current.WatchRegions ?? []),
        };
        // Someone who never chose starts from what their organization registered: its regions, its domains that are categories.
        if (CanWatch && !current.WatchProjects && current.WatchRegions is [] && current.WatchCategories is []
            && User.GuidClaim(PortalClaims.OrganizationId) is { } org
            && await db.Organizations.AsNoTracking().Where(o => o.Id == org).Select(o => new { o.ServiceDomains, o.ServiceRegions }).FirstOrDefaultAsync(ct) is { } own)
        {
            var categories = await ProjectQueries.CategoriesAsync(db, cache, User);
            Input.WatchCategories = [.. own.ServiceDomains.Intersect(categories)];
            Input.WatchRegions = string.Join("、", own.ServiceRegions);
        }
        await LoadChoicesAsync();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var mine = Notices.KindsFor(User).Select(k => k.Key);
        var input = new NoticeSettingsInput([.. mine.Except(Input.EmailOn)], Input.WatchProjects, Input.WatchCategories,
            Separators().Split(Input.WatchRegions ?? ""));
        if (await ModelState.TryAsync(rules, () => Notices.SaveSettingsAsync(db, User, input, ct)))
            return RedirectToPage(new { saved = true });
        await LoadChoicesAsync();
        return Page();
    }

    private async Task LoadChoicesAsync()
    {
        Kinds = Notices.KindsFor(User);
        Categories = CanWatch ? [.. (await ProjectQueries.CategoriesAsync(db, cache, User)).Union(Input.WatchCategories)] : [];
    }

    [GeneratedRegex(@"[、，,;；\s]+")]
    private static partial Regex Separators();
}
