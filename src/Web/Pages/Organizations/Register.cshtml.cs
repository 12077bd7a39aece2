using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Organizations;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Organizations;

public sealed class RegistrationForm
{
    public string? Name { get; set; }
    public OrganizationKind Kind { get; set; } = OrganizationKind.Registered;
    public string? Uscc { get; set; }
    public string? RegionCode { get; set; }
    public string? Description { get; set; }
    public string? ServiceDomains { get; set; }
    public string? ServiceRegions { get; set; }
    public int? CertifiedSocialWorkers { get; set; }
    public int? Volunteers { get; set; }
    public string? ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? AccountEmail { get; set; }
    public string? AccountPassword { get; set; }

    /// <summary>The organization's part as the grain receives it (lists split at commas, a community group without a code).</summary>
    public OrganizationRegistration ToRegistration() => Features.Organizations.Organizations.Normalize(new(Name!, Kind,
        Kind == OrganizationKind.Registered ? Uscc : null, RegionCode!, Description!, FormErrors.SplitList(ServiceDomains),
        FormErrors.SplitList(ServiceRegions), CertifiedSocialWorkers ?? 0, Volunteers ?? 0, ContactName!, ContactPhone!));

    public static RegistrationForm From(OrganizationRegistration r) => new()
    {
        Name = r.Name, Kind = r.Kind, Uscc = r.Uscc, RegionCode = r.RegionCode, Description = r.Description,
        ServiceDomains = string.Join("、", r.ServiceDomains), ServiceRegions = string.Join("、", r.ServiceRegions),
        CertifiedSocialWorkers = r.CertifiedSocialWorkers, Volunteers = r.Volunteers, ContactName = r.ContactName, ContactPhone = r.ContactPhone,
    };
}

/// <summary>机构注册: anyone registers an organization with the first member's account; a union approves it later.</summary>
[EnableRateLimiting(PortalExtensions.LoginLimiter)]
public sealed class RegisterModel(GrainCommands commands, UserManager<AppUser> users, SignInManager<AppUser> signIn, RuleText rules,
    IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public RegistrationForm Input { get; set; } = new();

    public void OnGet() { }

    /// <summary>The password typed, shown again when the page comes back for other fields, so it need not be typed twice.</summary>
    public string? KeptPassword => ModelState.TryGetValue("Input.AccountPassword", out var entry) && entry.Errors.Count > 0 ? null : Input.AccountPassword;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.LocalizeBindingErrors(rules);
        var o = Input.ToRegistration();
        var request = new RegisterOrganizationRequest(o.Name, o.Kind, o.Uscc, o.RegionCode, o.Description, o.ServiceDomains, o.ServiceRegions,
            o.CertifiedSocialWorkers, o.Volunteers, o.ContactName, o.ContactPhone, Input.AccountEmail?.Trim(), Input.AccountPassword);

        // Every error in one answer: values that could not be read, and everything the rules refuse.
        var refused = (await Features.Organizations.Organizations.CheckAsync(request, users)).Violation();
        if (refused is not null) ModelState.AddFailure(rules, refused);
        else if (!ModelState.IsValid) ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
        if (!ModelState.IsValid) return Page();

        var id = Guid.Empty;
        if (!await ModelState.TryAsync(rules, async () => id = await Features.Organizations.Organizations.RegisterAsync(request, commands, users, ct)))
            return Page();
        if (await users.FindByEmailAsync(request.AccountEmail!) is { } user) await signIn.SignInAsync(user, isPersistent: false);
        TempData["Notice"] = text["Notice_Registered"].Value;
        return Redirect($"/organizations/{id}");
    }
}
