using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
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

    /// <summary>The workers' needs (职工需求) a new draft answers, comma-separated: linked to it once it is created.</summary>
    public string? NeedIds { get; set; }

    /// <summary>What an amendment changed, in the union's words (更正说明); a draft has none.</summary>
    public string? Note { get; set; }

    /// <summary>The form filled with a project as it stands (times in China time, amounts in yuan).</summary>
    public static ProjectForm From(Storage.Entities.Project p) => new()
    {
        UnionId = p.UnionId, BrandId = p.BrandId, Category = p.Category, Title = p.Title, Description = p.Description,
        TargetGroups = string.Join("、", p.TargetGroups), ServiceRegions = string.Join("、", p.ServiceRegions),
        Budget = new Money(p.BudgetFen).Yuan, ProvincialFunding = new Money(p.ProvincialFundingFen).Yuan,
        LocalFunding = new Money(p.LocalFundingFen).Yuan, OtherFunding = new Money(p.OtherFundingFen).Yuan,
        TargetBeneficiaries = p.TargetBeneficiaries, TargetSessions = p.TargetSessions, RegisteredOnly = p.RegisteredOnly,
        MinCertifiedSocialWorkers = p.MinCertifiedSocialWorkers,
        Criteria = [.. p.Criteria.Select(c => new CriterionRow { Name = c.Name, Weight = c.Weight })],
        BidOpensAt = FormErrors.ToChinaLocal(p.BidOpensAt), BidClosesAt = FormErrors.ToChinaLocal(p.BidClosesAt),
        ServiceStart = p.ServiceStart, ServiceEnd = p.ServiceEnd,
    };
}

/// <summary>
/// The project form's page: the form, the unions and brands it offers, and the draft it yields (every value that could not
/// be read is a field error, all at once; the grain checks every rule). 新建项目 and 编辑/更正 share it.
/// </summary>
public abstract class ProjectFormPage(ProcurementDb db, RuleText rules) : PageModel
{
    [BindProperty] public ProjectForm Input { get; set; } = new();

    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Brands { get; private set; } = [];

    /// <summary>The union cannot change (a draft being edited, a call being amended): the form shows it without a choice.</summary>
    public virtual bool UnionFixed => false;

    protected RuleText Rules => rules;

    protected ProcurementDb Db => db;

    /// <summary>The draft the form describes, or null with the form's errors recorded (and the options loaded again).</summary>
    protected async Task<ProjectDraft?> DraftAsync(CancellationToken ct)
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
            return null;
        }
        return new ProjectDraft(f.UnionId!.Value, f.BrandId, f.Category?.Trim() ?? "", f.Title?.Trim() ?? "", f.Description?.Trim() ?? "",
            FormErrors.SplitList(f.TargetGroups), FormErrors.SplitList(f.ServiceRegions),
            budget, provincial, local, other,
            f.TargetBeneficiaries ?? 0, f.TargetSessions ?? 0, f.RegisteredOnly, f.MinCertifiedSocialWorkers ?? 0,
            [.. f.Criteria.Select(c => new CriterionInput(c.Name?.Trim() ?? "", c.Weight ?? 0))],
            FormErrors.FromChinaLocal(f.BidOpensAt!.Value), FormErrors.FromChinaLocal(f.BidClosesAt!.Value), f.ServiceStart!.Value, f.ServiceEnd!.Value);
    }

    protected async Task LoadOptionsAsync(CancellationToken ct)
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
