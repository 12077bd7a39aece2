using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Admin;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Admin;

public sealed class NewUserForm
{
    public string? Email { get; set; }
    public string? DisplayName { get; set; }
    public string? Role { get; set; }
    public Guid? UnionId { get; set; }
}

/// <summary>用户管理 (platform admin only, by folder convention): find accounts, create union-admin and evaluator accounts, lock and unlock.</summary>
public sealed class UsersModel(Users users, ProcurementDb db, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Role { get; set; }
    [BindProperty] public NewUserForm Input { get; set; } = new();

    public Page<UserRow> Result { get; private set; } = null!;
    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];

    public Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) => LoadAsync(pageNumber, ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var request = new CreateUserRequest(Input.Email, Input.DisplayName, Input.Role, Input.UnionId);
        if (await ModelState.TryAsync(rules, () => users.CreateAsync(request, User.UserId()!.Value, ct)))
        {
            TempData["Notice"] = text["Notice_UserCreated", Input.Email ?? ""].Value;
            return RedirectToPage(new { q = Input.Email });
        }
        await LoadAsync(null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostLockAsync(Guid id, bool locked, string? email)
    {
        if (!await users.LockAsync(id, locked, User.UserId()!.Value, HttpContext.RequestAborted)) return NotFound();
        TempData["Notice"] = text[locked ? "Notice_UserLocked" : "Notice_UserUnlocked", email ?? ""].Value;
        return RedirectToPage(new { q = Q, role = Role });
    }

    private async Task LoadAsync(int? page, CancellationToken ct)
    {
        Result = await users.ListAsync(Q, Role, page, ct);
        Unions = UnionOption.Flatten(await UnionTree.LoadAsync(db, ct));
    }
}
