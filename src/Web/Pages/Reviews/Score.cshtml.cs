using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Grains.Contracts;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Reviews;

/// <summary>
/// 评分 for one quarterly review: the contract's delivery record beside the form (milestones, reports with their evidence,
/// payments, KPI progress), then the conflict-of-interest declaration and the five weighted scores, each with a comment.
/// Scores start empty: a score nobody typed is not a zero.
/// </summary>
[Authorize(Roles = Roles.Evaluator)]
public sealed class ScoreModel(ProcurementDb db, GrainCommands commands, RuleText text, TimeProvider time) : PageModel
{
    public static readonly string[] Dimensions = ["ServiceQuality", "KpiAchievement", "BeneficiarySatisfaction", "FinancialCompliance", "Documentation"];

    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public ScoreInput Input { get; set; } = new();

    public string Title { get; private set; } = "";
    public string Quarter { get; private set; } = "";
    public Guid ContractId { get; private set; }
    public DateTimeOffset DueAt { get; private set; }
    public IReadOnlyList<int> Weights { get; private set; } = ReviewRules.DefaultWeights;
    public bool Declared { get; private set; }
    public bool Open { get; private set; }
    public bool Saved { get; private set; }

    /// <summary>The contract being reviewed, as its parties see it.</summary>
    public Features.Contracts.ContractView Contract { get; private set; } = null!;

    public DateOnly Today => time.GetUtcNow().ToChinaDate();

    /// <summary>What the service's beneficiaries answered in the quarter under review (服务评价), shown beside 受益人满意度.</summary>
    public Features.Contracts.FeedbackFigures? Feedback { get; private set; }

    /// <summary>The quarter's first and last day (China dates), to mark what happened in it.</summary>
    public (DateOnly From, DateOnly To)? Period { get; private set; }

    /// <summary>Whether a milestone was due or reported within the quarter under review.</summary>
    public bool InQuarter(Features.Contracts.MilestoneView m) => Period is var (from, to)
        && ((m.DueDate >= from && m.DueDate <= to) || (m.ReportedAt?.ToChinaDate() is { } reported && reported >= from && reported <= to));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ModelState.LocalizeBindingErrors(text);
        if (!ModelState.IsValid) return Page();
        var scores = new ReviewScoresInput(Input.ServiceQuality!.Value, Input.KpiAchievement!.Value, Input.BeneficiarySatisfaction!.Value,
            Input.FinancialCompliance!.Value, Input.Documentation!.Value, Input.Comments);
        Saved = await ModelState.TryAsync(text, () => commands.RunAsync(g => g.GetGrain<IContractGrain>(ContractId).ScoreReview(Id, scores, Input.DeclareNoConflict, User.ToActor())));
        if (Saved) await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var me = User.UserId();
        var review = await db.QuarterlyReviews.AsNoTracking().Where(r => r.Id == Id)
            .Select(r => new { r.ContractId, r.Quarter, r.DueAt, r.Weights, r.Status, Me = r.Evaluators.FirstOrDefault(e => e.EvaluatorId == me) })
            .FirstOrDefaultAsync(ct);
        if (review?.Me is null || review.Me.ConflictDeclared) return false;
        Title = await db.Contracts.Where(c => c.Id == review.ContractId).Select(c => c.Title).FirstAsync(ct);
        (ContractId, Quarter, DueAt, Weights) = (review.ContractId, review.Quarter, review.DueAt, review.Weights);
        Declared = review.Me.DeclaredNoConflictAt is not null;
        Open = review.Status == ReviewStatus.Open;
        if (review.Me.Scores is [var q, var k, var s, var f, var d] && Request.Method == HttpMethods.Get)
            Input = new ScoreInput
            {
                ServiceQuality = q, KpiAchievement = k, BeneficiarySatisfaction = s, FinancialCompliance = f, Documentation = d,
                Comments = [.. review.Me.Comments],
            };
        Contract = (await Features.Contracts.ContractQueries.GetAsync(db, User, review.ContractId, ct))!;
        Period = ChinaTime.QuarterDays(Quarter);
        Feedback = await Features.Contracts.Feedback.QuarterAsync(db, review.ContractId, Quarter, ct);
        return true;
    }

    public sealed class ScoreInput
    {
        [Required, Range(0, 100)] public int? ServiceQuality { get; set; }
        [Required, Range(0, 100)] public int? KpiAchievement { get; set; }
        [Required, Range(0, 100)] public int? BeneficiarySatisfaction { get; set; }
        [Required, Range(0, 100)] public int? FinancialCompliance { get; set; }
        [Required, Range(0, 100)] public int? Documentation { get; set; }
        /// <summary>A comment per score, in the order of <see cref="Dimensions"/>.</summary>
        public List<string?> Comments { get; set; } = [];
        public bool DeclareNoConflict { get; set; }
    }
}
