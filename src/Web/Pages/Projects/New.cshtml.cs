using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

/// <summary>新建项目: the whole draft for the admin's union or one below it; the grain checks every rule.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class NewModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, TimeProvider time)
    : ProjectFormPage(db, rules)
{
    public async Task OnGetAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToChina();
        var today = DateOnly.FromDateTime(now.Date);
        var opens = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0);
        Input = new ProjectForm
        {
            RequestId = Guid.CreateVersion7(),
            UnionId = User.GuidClaim(PortalClaims.UnionId),
            BidOpensAt = opens,
            BidClosesAt = today.AddDays(14).ToDateTime(new TimeOnly(17, 0)),
            ServiceStart = today.AddDays(30),
            ServiceEnd = today.AddDays(30).AddYears(1).AddDays(-1),
            ProvincialFunding = 0, LocalFunding = 0, OtherFunding = 0,
            Criteria = [.. text["Project_DefaultCriteria"].Value.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(c => c.Split(':'))
                .Select(c => new CriterionRow { Name = c[0], Weight = c.Length > 1 && int.TryParse(c[1], out var w) ? w : null })],
        };
        await LoadOptionsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await DraftAsync(ct) is not { } draft) return Page();
        var id = Input.RequestId == Guid.Empty ? Guid.CreateVersion7() : Input.RequestId;
        try
        {
            await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).CreateDraft(draft, User.ToActor()));
        }
        catch (RuleViolation e) when (e.Code == "project.exists")
        {
            // The same form sent again (a double click, a retried post): the project it created is the answer.
            return Redirect($"/projects/{id}");
        }
        catch (Exception e) when (ModelState.AddFailure(Rules, e))
        {
            await LoadOptionsAsync(ct);
            return Page();
        }
        TempData["Notice"] = text["Notice_Drafted"].Value;
        return Redirect($"/projects/{id}");
    }
}
