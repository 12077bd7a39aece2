using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Procurement.Web.Features.Auth;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Account;

/// <summary>忘记密码: a reset link goes to the address if it has an account; the page says the same either way.</summary>
[EnableRateLimiting(PortalExtensions.LoginLimiter)]
public sealed class ForgotModel(Accounts accounts, RuleText rules) : PageModel
{
    [BindProperty] public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        Sent = await ModelState.TryAsync(rules, () => accounts.RequestResetAsync(new PasswordResetRequest(Email)), prefix: "");
        return Page();
    }
}
