using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Evaluators;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Account;

/// <summary>回避申报: an evaluator's ties to organizations; a tie to a bidder then stops a declaration of no conflict.</summary>
[Authorize(Policy = Roles.Evaluator)]
public sealed class TiesModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty] public Guid? OrganizationId { get; set; }
    [BindProperty] public string? Nature { get; set; }

    public IReadOnlyList<TieView> Declared { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Organizations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await ModelState.TryAsync(rules, () => Ties.DeclareAsync(new TieRequest(OrganizationId, Nature), commands, User), prefix: ""))
            return Done("Notice_TieDeclared");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostWithdrawAsync(Guid organizationId, CancellationToken ct)
    {
        if (await ModelState.TryAsync(rules, () => Ties.WithdrawAsync(organizationId, commands, User), prefix: ""))
            return Done("Notice_TieWithdrawn");
        await LoadAsync(ct);
        return Page();
    }

    private RedirectToPageResult Done(string notice)
    {
        TempData["Notice"] = text[notice].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Declared = await Ties.ListAsync(db, User.UserId()!.Value, ct);
        Organizations = [.. (await db.Organizations.AsNoTracking().Where(o => o.Status == OrganizationStatus.Approved).OrderBy(o => o.Name)
            .Select(o => new { o.Id, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.Name))];
    }
}
