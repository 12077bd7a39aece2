using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Auth;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Account;

public sealed class PasswordForm
{
    public string? CurrentPassword { get; set; }
    public string? NewPassword { get; set; }
}

/// <summary>修改密码: the signed-in person's new password, asked with the current one; the session continues.</summary>
[Authorize]
public sealed class PasswordModel(Accounts accounts, SignInManager<AppUser> signIn, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public PasswordForm Input { get; set; } = new();

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ModelState.TryAsync(rules, () => accounts.ChangePasswordAsync(User, new ChangePasswordRequest(Input.CurrentPassword, Input.NewPassword))))
            return Page();
        // The security stamp changed with the password: sign in again so this session stays valid.
        if (await signIn.UserManager.GetUserAsync(User) is { } user) await signIn.RefreshSignInAsync(user);
        TempData["Notice"] = text["Notice_PasswordChanged"].Value;
        return RedirectToPage();
    }
}
