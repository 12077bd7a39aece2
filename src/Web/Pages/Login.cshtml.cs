using Procurement.Contracts.Domain;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Silo.Demo;
using Procurement.Storage.Entities;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

/// <summary>登录: cookie sign-in for the portal; failures count towards lockout.</summary>
[EnableRateLimiting(PortalExtensions.LoginLimiter)]
public sealed class LoginModel(SignInManager<AppUser> signIn, IStringLocalizer<SharedResource> text, IConfiguration config) : PageModel
{
    [BindProperty, Required(ErrorMessage = "Rule_required"), StringLength(256)]
    public string Email { get; set; } = "";

    [BindProperty, Required(ErrorMessage = "Rule_required"), DataType(DataType.Password), StringLength(128)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IReadOnlyList<DemoAccount> DemoAccounts { get; private set; } = [];

    public void OnGet() => ShowDemoAccounts();

    public async Task<IActionResult> OnPostAsync()
    {
        ShowDemoAccounts();
        if (!ModelState.IsValid) return Page();
        var result = await signIn.PasswordSignInAsync(Contact.SignInName(Email), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded) return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : await LandingAsync());
        ModelState.AddModelError(string.Empty, text[result.IsLockedOut ? "Rule_auth.locked_out" : "Rule_auth.invalid"]);
        return Page();
    }

    /// <summary>
    /// Where a sign-in without a returnUrl lands: a worker, their own needs; every other role's 工作台 (what waits for me);
    /// someone without a role, the home page.
    /// </summary>
    private async Task<string> LandingAsync()
    {
        var user = await signIn.UserManager.FindByNameAsync(Contact.SignInName(Email));
        var roles = user is null ? [] : await signIn.UserManager.GetRolesAsync(user);
        return roles.Contains(Roles.Worker) ? "/needs/mine" : roles.Count > 0 ? "/workbench" : "/";
    }

    private void ShowDemoAccounts()
    {
        if (Startup.SeedsDemo(config)) DemoAccounts = DemoSeeder.Accounts;
    }
}
