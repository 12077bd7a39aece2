using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features;
using Procurement.Web.Features.Admin;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Account;

/// <summary>
/// 职工注册 for a visitor: a mobile number or an e-mail address, a password, the union they belong to and their groups
/// (no real name). 我的信息 for a signed-in worker: the union and groups only.
/// </summary>
[EnableRateLimiting(PortalExtensions.LoginLimiter)]
public sealed class WorkerModel(ProcurementDb db, Users accounts, SignInManager<AppUser> signIn, AggregateCache cache, RuleText rules,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public string? Account { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public Guid? UnionId { get; set; }
    [BindProperty] public List<string> Groups { get; set; } = [];

    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];

    /// <summary>A signed-in worker edits; anyone not signed in signs up.</summary>
    public bool Editing => User.IsInRole(Roles.Worker);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true && !Editing) return Redirect("/");
        if (Editing && await accounts.WorkerProfileAsync(User.UserId()!.Value, ct) is { } profile)
        {
            UnionId = profile.UnionId;
            Groups = [.. profile.Groups ?? []];
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (User.Identity?.IsAuthenticated == true && !Editing) return Forbid();
        if (Editing)
        {
            if (await ModelState.TryAsync(rules, () => accounts.UpdateWorkerProfileAsync(User.UserId()!.Value, new(UnionId, Groups), ct), prefix: ""))
            {
                TempData["Notice"] = text["Notice_WorkerSaved"].Value;
                return Redirect("/needs/mine");
            }
        }
        else
        {
            var id = Guid.Empty;
            if (await ModelState.TryAsync(rules, async () => id = await accounts.SignUpWorkerAsync(new(Account, Password, UnionId, Groups), ct), prefix: ""))
            {
                if (await signIn.UserManager.FindByIdAsync(id.ToString()) is { } user) await signIn.SignInAsync(user, isPersistent: false);
                TempData["Notice"] = text["Notice_WorkerSignedUp"].Value;
                return Redirect("/needs/new");
            }
        }
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct) =>
        Unions = await cache.GetAsync("union-options", async () => UnionOption.Flatten(await UnionTree.LoadAsync(db, CancellationToken.None)));
}
