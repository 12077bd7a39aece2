using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Web.Features.Auth;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Account;

/// <summary>设置新密码: opened from a reset link (its address and token in the query); then sign in with the new password.</summary>
[EnableRateLimiting(PortalExtensions.LoginLimiter)]
public sealed class ResetModel(Accounts accounts, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Email { get; set; }
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!await ModelState.TryAsync(rules, () => accounts.ResetAsync(new PasswordResetConfirmation(Email, Token, NewPassword)), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_PasswordReset"].Value;
        return Redirect("/login");
    }
}
