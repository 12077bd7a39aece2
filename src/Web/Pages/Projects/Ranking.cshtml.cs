using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Projects;
using Procurement.Web.Features.Unions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

/// <summary>评标排名: each evaluator's totals and their spread, a chart of the scores, who has scored, and the award.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class RankingModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, IConfiguration config) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public Guid? BidId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public ProjectDetail Project { get; private set; } = null!;
    /// <summary>Null while bidding is open: the ranking does not exist before the deadline.</summary>
    public RankingView? Ranking { get; private set; }

    /// <summary>Working days the chosen award is published for objections (中标公示) before its contract; 0: final at once.</summary>
    public int PublicityDays { get; private set; }

    public bool EvaluationComplete =>
        Ranking is { } r && r.Evaluators.Any(e => e.Declared && !e.Conflict)
        && r.Evaluators.Where(e => e.Declared && !e.Conflict).All(e => e.Scored == r.LiveBids);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        BidId ??= Ranking?.Rows.FirstOrDefault()?.BidId;
        return Page();
    }

    public async Task<IActionResult> OnPostAwardAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (BidId is null)
        {
            ModelState.AddField(rules, "", "bidId", "required");
            ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
            return Page();
        }
        AwardOutcome? outcome = null;
        if (!await ModelState.TryAsync(rules, async () => outcome = await commands.RunAsync(g => g.AwardAsync(Id, BidId.Value, Reason, User.ToActor())), prefix: ""))
            return Page();
        TempData["Notice"] = outcome!.PublicityEndsAt is { } ends && outcome.ContractId is null
            ? text["Notice_AwardProposed", ends.ToChinaEndString()].Value
            : text["Notice_Awarded"].Value;
        return Redirect($"/projects/{Id}");
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project || !User.ManagesUnion(project.UnionPath)) return false;
        Project = project;
        Ranking = await BidQueries.RankingAsync(db, User, Id, ct);
        PublicityDays = await db.Unions.Where(u => u.Id == project.UnionId).Select(u => u.AwardPublicityWorkingDays).FirstAsync(ct)
            ?? UnionSettings.DefaultWorkingDays(config);
        return Ranking is not null || project.Status is ProjectStatus.Published or ProjectStatus.Draft;
    }

    public static string Points(int? centipoints) => centipoints is { } c ? (c / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) : "—";
}
