using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

public sealed class ScoreRow
{
    public string? Criterion { get; set; }
    public int? Score { get; set; }
}

/// <summary>
/// 评审: an assigned evaluator first declares a conflict of interest (or none) — before that no bid is shown — and then
/// scores each bid on the project's rubric, seeing how many of the bids they have scored.
/// </summary>
[Authorize(Policy = Roles.Evaluator)]
public sealed class EvaluateModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public List<ScoreRow> Scores { get; set; } = [];

    public ProjectDetail Project { get; private set; } = null!;
    public bool Declared { get; private set; }
    public bool Conflict { get; private set; }
    public IReadOnlyList<string> Bidders { get; private set; } = [];
    public IReadOnlyList<BidView> Bids { get; private set; } = [];
    public IReadOnlyDictionary<Guid, (IReadOnlyDictionary<string, int> Scores, int Total)> Mine { get; private set; } =
        new Dictionary<Guid, (IReadOnlyDictionary<string, int>, int)>();
    public Guid? FailedBidId { get; private set; }

    public int ScoredCount => Bids.Count(b => Mine.ContainsKey(b.Id));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDeclareAsync(bool hasConflict, CancellationToken ct)
    {
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).DeclareConflict(hasConflict, User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text[hasConflict ? "Notice_ConflictDeclared" : "Notice_NoConflictDeclared"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostScoreAsync(Guid bidId, CancellationToken ct)
    {
        ModelState.LocalizeBindingErrors(rules);
        var scores = Scores.Select(s => new CriterionScoreInput(s.Criterion ?? "", s.Score ?? -1)).ToList();
        if (Scores.Any(s => s.Score is null)) ModelState.AddField(rules, "", "scores", "evaluation.score_missing");
        if (ModelState.IsValid
            && await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).ScoreBid(bidId, scores, false, User.ToActor())), prefix: ""))
        {
            if (!await LoadAsync(ct)) return NotFound();
            TempData["Notice"] = text["Notice_Scored", ScoredCount, Bids.Count].Value;
            var next = Bids.FirstOrDefault(b => !Mine.ContainsKey(b.Id));
            return Redirect($"/projects/{Id}/evaluate" + (next is null ? "#progress" : $"#bid-{next.Id}"));
        }
        if (ModelState.ErrorCount > 0 && !ModelState.ContainsKey(string.Empty))
            ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
        FailedBidId = bidId;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (User.UserId() is not { } me || await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project) return false;
        // To anyone not assigned, the evaluation does not exist.
        var assignment = await db.EvaluatorAssignments.AsNoTracking().Where(a => a.ProjectId == Id && a.EvaluatorId == me)
            .Select(a => new { Declared = a.DeclaredNoConflictAt != null, a.ConflictDeclared }).FirstOrDefaultAsync(ct);
        if (assignment is null) return false;
        Project = project;
        Declared = assignment.Declared;
        Conflict = assignment.ConflictDeclared;
        if (project.Status != ProjectStatus.Evaluating || Conflict) return true;

        if (!Declared)
        {
            // Only who is bidding, so the evaluator can tell whether they are tied to one; the bids stay hidden.
            Bidders = await db.Bids.AsNoTracking().Where(b => b.ProjectId == Id && b.Status == BidStatus.Submitted)
                .OrderBy(b => b.SubmittedAt)
                .Select(b => db.Organizations.Where(o => o.Id == b.OrganizationId).Select(o => o.Name).First())
                .ToListAsync(ct);
            return true;
        }
        Bids = (await BidQueries.GetAsync(db, User, Id, ct))?.Bids ?? [];
        var mine = await db.BidScores.AsNoTracking()
            .Where(s => s.EvaluatorId == me && db.Bids.Any(b => b.Id == s.BidId && b.ProjectId == Id))
            .Select(s => new { s.BidId, s.Scores, s.TotalCentipoints }).ToListAsync(ct);
        Mine = mine.ToDictionary(s => s.BidId,
            s => ((IReadOnlyDictionary<string, int>)s.Scores.ToDictionary(c => c.Criterion, c => c.Score), s.TotalCentipoints));
        return true;
    }
}
