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
    /// <summary>The workers' needs this draft answers, as the form shows them.</summary>
    public IReadOnlyList<Features.Needs.NeedRef> Needs { get; private set; } = [];

    public async Task OnGetAsync([FromQuery] string[]? needs, CancellationToken ct)
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
        if (needs is { Length: > 0 }) await CarryOverAsync(string.Join(",", needs), ct);
        await LoadOptionsAsync(ct);
    }

    /// <summary>职工点菜: the needs' texts, groups, union and counts start the draft; the needs are linked once it is saved.</summary>
    private async Task CarryOverAsync(string needs, CancellationToken ct)
    {
        try
        {
            var d = await Features.Needs.Needs.ProjectDraftAsync(Db, User, Features.Needs.Needs.ParseIds(needs), ct);
            Input.UnionId = d.UnionId;
            Input.Category = d.Category;
            Input.Title = d.Title;
            Input.Description = d.Description;
            Input.TargetGroups = string.Join("、", d.TargetGroups);
            Input.TargetBeneficiaries = d.TargetBeneficiaries;
            Input.NeedIds = string.Join(",", d.Needs.Select(n => n.Id));
            Needs = d.Needs;
        }
        catch (RuleViolation e)
        {
            ModelState.AddFailure(Rules, e);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await DraftAsync(ct) is not { } draft) return Page();
        var id = Input.RequestId == Guid.Empty ? Guid.CreateVersion7() : Input.RequestId;
        var needIds = Features.Needs.Needs.ParseIds(Input.NeedIds);
        try
        {
            // The needs are checked before the draft exists, so a need taken up meanwhile leaves no draft behind.
            if (needIds.Count > 0) Needs = (await Features.Needs.Needs.ProjectDraftAsync(Db, User, needIds, ct, forProject: id)).Needs;
            await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).CreateDraft(draft, User.ToActor()));
        }
        catch (RuleViolation e) when (e.Code == "project.exists")
        {
            // The same form sent again (a double click, a retried post): the project it created is the answer.
            await LinkNeedsAsync(id);
            return Redirect($"/projects/{id}");
        }
        catch (Exception e) when (ModelState.AddFailure(Rules, e))
        {
            await LoadOptionsAsync(ct);
            return Page();
        }
        TempData["Notice"] = text["Notice_Drafted"].Value;
        await LinkNeedsAsync(id);
        return Redirect($"/projects/{id}");
    }

    /// <summary>
    /// Links the needs to the new draft (each link is idempotent: a retried form links nothing twice). The draft stands
    /// whatever happens to a link; a need that could not be linked (taken up by another project meanwhile, the service
    /// unavailable) is named on the draft's page, to be linked from the need again.
    /// </summary>
    private async Task LinkNeedsAsync(Guid projectId)
    {
        var failed = new List<string>();
        foreach (var need in Needs)
        {
            try
            {
                await commands.RunAsync(g => g.GetGrain<INeedGrain>(need.Id).LinkProject(projectId, User.ToActor()));
            }
            catch (Exception e) when (e is RuleViolation or ClusterUnavailableException)
            {
                failed.Add(need.Title);
            }
        }
        if (failed.Count > 0) TempData["Warning"] = text["Notice_NeedsNotLinked", string.Join("、", failed)].Value;
    }
}
