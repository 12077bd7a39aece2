using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

public sealed class CriterionRow
{
    public string? Name { get; set; }
    public int? Weight { get; set; }
}

/// <summary>The project draft as a person types it: amounts in yuan, lists comma-separated, times in China time.</summary>
public sealed class ProjectForm
{
    /// <summary>Becomes the project's id, so a form sent twice creates one project.</summary>
    public Guid RequestId { get; set; }
    public Guid? UnionId { get; set; }
    public Guid? BrandId { get; set; }
    public string? Category { get; set; }
    public string? Title { get; set; }
    public string? Description { get; set; }
    public string? TargetGroups { get; set; }
    public string? ServiceRegions { get; set; }
    public decimal? Budget { get; set; }
    public decimal? ProvincialFunding { get; set; }
    public decimal? LocalFunding { get; set; }
    public decimal? OtherFunding { get; set; }
    public int? TargetBeneficiaries { get; set; }
    public int? TargetSessions { get; set; }
    public bool RegisteredOnly { get; set; }
    public int? MinCertifiedSocialWorkers { get; set; }
    public List<CriterionRow> Criteria { get; set; } = [];
    public DateTime? BidOpensAt { get; set; }
    public DateTime? BidClosesAt { get; set; }
    public DateOnly? ServiceStart { get; set; }
    public DateOnly? ServiceEnd { get; set; }
}

/// <summary>新建项目: the whole draft for the admin's union or one below it; the grain checks every rule.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class NewModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, TimeProvider time)
    : PageModel
{
    [BindProperty] public ProjectForm Input { get; set; } = new();

    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Brands { get; private set; } = [];

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
        ModelState.LocalizeBindingErrors(rules);
        var f = Input;
        f.Criteria = [.. f.Criteria.Where(c => !string.IsNullOrWhiteSpace(c.Name) || c.Weight is not null)];
        var budget = ModelState.Fen(rules, "Input", "budgetFen", f.Budget);
        var provincial = ModelState.Fen(rules, "Input", "provincialFundingFen", f.ProvincialFunding);
        var local = ModelState.Fen(rules, "Input", "localFundingFen", f.LocalFunding);
        var other = ModelState.Fen(rules, "Input", "otherFundingFen", f.OtherFunding);
        if (f.UnionId is null) ModelState.AddField(rules, "Input", "unionId", "required");
        if (f.BidOpensAt is null) ModelState.AddField(rules, "Input", "bidOpensAt", "required");
        if (f.BidClosesAt is null) ModelState.AddField(rules, "Input", "bidClosesAt", "required");
        if (f.ServiceStart is null) ModelState.AddField(rules, "Input", "serviceStart", "required");
        if (f.ServiceEnd is null) ModelState.AddField(rules, "Input", "serviceEnd", "required");
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
            await LoadOptionsAsync(ct);
            return Page();
        }

        var draft = new ProjectDraft(f.UnionId!.Value, f.BrandId, f.Category?.Trim() ?? "", f.Title?.Trim() ?? "", f.Description?.Trim() ?? "",
            FormErrors.SplitList(f.TargetGroups), FormErrors.SplitList(f.ServiceRegions),
            budget, provincial, local, other,
            f.TargetBeneficiaries ?? 0, f.TargetSessions ?? 0, f.RegisteredOnly, f.MinCertifiedSocialWorkers ?? 0,
            [.. f.Criteria.Select(c => new CriterionInput(c.Name?.Trim() ?? "", c.Weight ?? 0))],
            FormErrors.FromChinaLocal(f.BidOpensAt!.Value), FormErrors.FromChinaLocal(f.BidClosesAt!.Value), f.ServiceStart!.Value, f.ServiceEnd!.Value);
        var id = f.RequestId == Guid.Empty ? Guid.CreateVersion7() : f.RequestId;

        try
        {
            await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).CreateDraft(draft, User.ToActor()));
        }
        catch (RuleViolation e) when (e.Code == "project.exists")
        {
            // The same form sent again (a double click, a retried post): the project it created is the answer.
            return Redirect($"/projects/{id}");
        }
        catch (Exception e) when (ModelState.AddFailure(rules, e))
        {
            await LoadOptionsAsync(ct);
            return Page();
        }
        TempData["Notice"] = text["Notice_Drafted"].Value;
        return Redirect($"/projects/{id}");
    }

    private async Task LoadOptionsAsync(CancellationToken ct)
    {
        Unions = UnionOption.Subtree(await UnionTree.LoadAsync(db, ct), User.GuidClaim(PortalClaims.UnionId));
        // Brands of the admin's own line: those owned by a union above it (its path) or below it.
        var path = User.UnionPathOf() ?? "-";
        var brands = await db.Brands.AsNoTracking()
            .Join(db.Unions, b => b.UnionId, u => u.Id, (b, u) => new { b.Id, b.Name, u.Path })
            .Where(x => x.Path.StartsWith(path) || path.StartsWith(x.Path))
            .OrderBy(x => x.Name).ToListAsync(ct);
        Brands = [.. brands.Select(b => (b.Id, b.Name))];
    }
}
