using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

public sealed class BudgetLineRow
{
    public string? Item { get; set; }
    public decimal? Amount { get; set; }
}

public sealed class MilestoneRow
{
    public string? Deliverable { get; set; }
    public DateOnly? DueDate { get; set; }
    public int? SharePercent { get; set; }
}

/// <summary>The bid as a person types it: amounts in yuan.</summary>
public sealed class BidForm
{
    public string? Plan { get; set; }
    public decimal? Amount { get; set; }
    public List<BudgetLineRow> BudgetLines { get; set; } = [];
    public List<MilestoneRow> Milestones { get; set; } = [];
    public int? TargetBeneficiaries { get; set; }
    public int? TargetSessions { get; set; }
    public string? Team { get; set; }
}

/// <summary>投标: the organization's sealed bid, submitted or amended until the deadline, or withdrawn.</summary>
[Authorize(Policy = Roles.OrganizationMember)]
public sealed class BidModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, TimeProvider time,
    Features.Contracts.EvidenceStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public BidForm Input { get; set; } = new();

    public ProjectDetail Project { get; private set; } = null!;
    public BidView? Existing { get; private set; }
    public bool Open { get; private set; }
    public bool NotYetOpen { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Input = Existing is { } b
            ? new BidForm
            {
                Plan = b.Plan, Amount = new Money(b.AmountFen).Yuan, Team = b.Team, TargetBeneficiaries = b.TargetBeneficiaries, TargetSessions = b.TargetSessions,
                BudgetLines = [.. b.BudgetLines.Select(l => new BudgetLineRow { Item = l.Item, Amount = new Money(l.AmountFen).Yuan })],
                Milestones = [.. b.Milestones.Select(m => new MilestoneRow { Deliverable = m.Deliverable, DueDate = m.DueDate, SharePercent = m.SharePercent })],
            }
            : new BidForm
            {
                TargetBeneficiaries = Project.TargetBeneficiaries, TargetSessions = Project.TargetSessions,
                BudgetLines = [new()], Milestones = [new() { DueDate = Project.ServiceEnd, SharePercent = 100 }],
            };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ModelState.LocalizeBindingErrors(rules);
        var f = Input;
        f.BudgetLines = [.. f.BudgetLines.Where(l => !string.IsNullOrWhiteSpace(l.Item) || l.Amount is not null)];
        f.Milestones = [.. f.Milestones.Where(m => !string.IsNullOrWhiteSpace(m.Deliverable) || m.DueDate is not null || m.SharePercent is not null)];
        var amount = ModelState.Fen(rules, "Input", "amountFen", f.Amount);
        var lines = f.BudgetLines.Select(l => FormErrors.ToFen(l.Amount)).ToList();
        foreach (var error in lines.Select(l => l.Error).OfType<string>().Distinct()) ModelState.AddField(rules, "Input", "budgetLines", error);
        if (f.Milestones.Any(m => m.DueDate is null)) ModelState.AddField(rules, "Input", "milestones", "bid.milestone_date");
        if (!ModelState.IsValid)
        {
            ModelState.AddModelError(string.Empty, rules.For("validation.failed", "Some fields are invalid."));
            return Page();
        }

        var draft = new BidDraft(f.Plan?.Trim() ?? "", amount,
            [.. f.BudgetLines.Select((l, i) => new BudgetLineInput(l.Item?.Trim() ?? "", lines[i].Fen))],
            [.. f.Milestones.Select(m => new MilestoneInput(m.Deliverable?.Trim() ?? "", m.DueDate!.Value, m.SharePercent ?? 0))],
            f.TargetBeneficiaries ?? 0, f.TargetSessions ?? 0, f.Team?.Trim() ?? "");
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).SubmitBid(draft, User.ToActor())))) return Page();
        TempData["Notice"] = text[Existing is null ? "Notice_BidSubmitted" : "Notice_BidAmended"].Value;
        return Redirect($"/projects/{Id}");
    }

    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Existing is not { } live) return NotFound();
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).WithdrawBid(live.Id, User.ToActor())))) return Page();
        TempData["Notice"] = text["Notice_BidWithdrawn"].Value;
        return Redirect($"/projects/{Id}");
    }

    public async Task<IActionResult> OnPostAddDocumentAsync(List<IFormFile> file, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Existing is not { } live) return NotFound();
        if (!await ModelState.TryAsync(rules, () => Documents.StoreAsync(file, store, ct,
                f => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).AddProposalDocument(live.Id, f, User.ToActor()))), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_DocumentAdded"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveDocumentAsync(Guid documentId, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || Existing is not { } live) return NotFound();
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).RemoveProposalDocument(live.Id, documentId, User.ToActor())), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_DocumentRemoved"].Value;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project) return false;
        Project = project;
        var now = time.GetUtcNow();
        Open = project.Status == ProjectStatus.Published && now >= project.BidOpensAt && now < project.BidClosesAt;
        NotYetOpen = project.Status == ProjectStatus.Published && now < project.BidOpensAt;
        // Sealed bids: the query returns this organization's own bid and nobody else's.
        var bids = await BidQueries.GetAsync(db, User, Id, ct);
        Existing = bids?.Bids.FirstOrDefault(b => b.Status == BidStatus.Submitted);
        return true;
    }
}
