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

/// <summary>评分 for one quarterly review: the conflict-of-interest declaration, then the five weighted scores.</summary>
[Authorize(Roles = Roles.Evaluator)]
public sealed class ScoreModel(ProcurementDb db, GrainCommands commands, RuleText text) : PageModel
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
        var scores = new ReviewScoresInput(Input.ServiceQuality, Input.KpiAchievement, Input.BeneficiarySatisfaction, Input.FinancialCompliance, Input.Documentation);
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
            Input = new ScoreInput { ServiceQuality = q, KpiAchievement = k, BeneficiarySatisfaction = s, FinancialCompliance = f, Documentation = d };
        return true;
    }

    public sealed class ScoreInput
    {
        [Range(0, 100)] public int ServiceQuality { get; set; }
        [Range(0, 100)] public int KpiAchievement { get; set; }
        [Range(0, 100)] public int BeneficiarySatisfaction { get; set; }
        [Range(0, 100)] public int FinancialCompliance { get; set; }
        [Range(0, 100)] public int Documentation { get; set; }
        public bool DeclareNoConflict { get; set; }
    }
}
