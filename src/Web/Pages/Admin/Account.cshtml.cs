using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Admin;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Admin;

/// <summary>账号改绑: a union admin moved to another union, an organization member to another organization; their sessions end.</summary>
[Authorize(Policy = Roles.PlatformAdmin)]
public sealed class AccountModel(Users users, ProcurementDb db, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid? UnionId { get; set; }
    [BindProperty] public Guid? OrganizationId { get; set; }

    public AccountView Account { get; private set; } = null!;
    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Organizations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        (UnionId, OrganizationId) = (Account.UnionId, Account.OrganizationId);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (!await ModelState.TryAsync(rules, () => users.RebindAsync(Id, new BindRequest(UnionId, OrganizationId), User.UserId()!.Value, ct), prefix: "")) return Page();
        TempData["Notice"] = text["Notice_AccountRebound"].Value;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await users.GetAsync(Id, ct) is not { } account) return false;
        Account = account;
        if (account.Role == Roles.UnionAdmin) Unions = UnionOption.Flatten(await UnionTree.LoadAsync(db, ct));
        if (account.Role == Roles.OrganizationMember)
            Organizations = [.. (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
        return true;
    }
}
