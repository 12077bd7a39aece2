using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

public sealed record EvaluatorOption(Guid Id, string Name, bool Assigned);

/// <summary>
/// 项目详情: public facts, criteria and funding; after award the winner. The owning union also gets the sealed bid count,
/// publish, evaluators, ranking and audit; an organization member its own bid; an assigned evaluator the way to score.
/// </summary>
public sealed class DetailsModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, TimeProvider time,
    Features.Contracts.EvidenceStore store) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ProjectDetail Project { get; private set; } = null!;
    public bool Manages { get; private set; }
    public bool BiddingOpen { get; private set; }
    public bool NotYetOpen { get; private set; }

    /// <summary>The union may still amend the call (更正公告): published, before its deadline.</summary>
    public bool Amendable { get; private set; }
    public BidView? OwnBid { get; private set; }
    public bool IsOrganization { get; private set; }
    public bool IsAssignedEvaluator { get; private set; }
    public bool ContractVisible { get; private set; }
    public IReadOnlyList<EvaluatorOption> Evaluators { get; private set; } = [];

    /// <summary>The objections to the award the caller may read (the union all, a bidder its own); null for everyone else.</summary>
    public ObjectionsView? Objections { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).Publish(User.ToActor()))))
        {
            TempData["Notice"] = text["Notice_Published"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostCancelAsync(string? reason, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).Cancel(reason ?? "", User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text["Notice_Cancelled"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    /// <summary>The union may add call documents: to a draft, or to a published call before its deadline.</summary>
    public bool DocumentsOpen => Manages && (Project.Status == ProjectStatus.Draft || Amendable);

    public async Task<IActionResult> OnPostAddDocumentAsync(List<IFormFile> file, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => Documents.StoreAsync(file, store, ct,
                f => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).AddCallDocument(f, User.ToActor()))), prefix: ""))
        {
            TempData["Notice"] = text["Notice_DocumentAdded"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRemoveDocumentAsync(Guid documentId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).RemoveCallDocument(documentId, User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text["Notice_DocumentRemoved"].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEvaluatorsAsync(List<Guid> evaluatorIds, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.UnionAdmin)) return Forbid();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<IProjectGrain>(Id).AssignEvaluators(evaluatorIds ?? [], User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text["Notice_EvaluatorsAssigned", evaluatorIds?.Count ?? 0].Value;
            return RedirectToPage();
        }
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project) return false;
        Project = project;
        Manages = User.ManagesUnion(project.UnionPath);
        var now = time.GetUtcNow();
        BiddingOpen = project.Status == ProjectStatus.Published && now >= project.BidOpensAt && now < project.BidClosesAt;
        NotYetOpen = project.Status == ProjectStatus.Published && now < project.BidOpensAt;
        Amendable = Manages && project.Status == ProjectStatus.Published && now < project.BidClosesAt;

        IsOrganization = User.IsInRole(Roles.OrganizationMember) && User.GuidClaim(PortalClaims.OrganizationId) is not null;
        if (IsOrganization && await BidQueries.GetAsync(db, User, Id, ct) is { } bids)
            OwnBid = bids.Bids.OrderByDescending(b => b.Status == BidStatus.Submitted).ThenByDescending(b => b.UpdatedAt).FirstOrDefault();

        var userId = User.UserId();
        if (User.IsInRole(Roles.Evaluator) && userId is { } me)
            IsAssignedEvaluator = await db.EvaluatorAssignments.AsNoTracking().AnyAsync(a => a.ProjectId == Id && a.EvaluatorId == me, ct);

        if (project.Award is not null) Objections = await Features.Projects.Objections.GetAsync(db, User, Id, now, ct);
        ContractVisible = project.Award?.ContractId is not null
            && (Manages || User.GuidClaim(PortalClaims.OrganizationId) == project.Award.OrganizationId);

        if (Manages && project.Status is ProjectStatus.Published or ProjectStatus.BiddingClosed or ProjectStatus.Evaluating)
        {
            var assigned = await db.EvaluatorAssignments.AsNoTracking().Where(a => a.ProjectId == Id).Select(a => a.EvaluatorId).ToListAsync(ct);
            var evaluatorRole = db.Roles.Where(r => r.Name == Roles.Evaluator).Select(r => r.Id);
            Evaluators = (await db.Users.AsNoTracking()
                    .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && evaluatorRole.Contains(ur.RoleId)))
                    .OrderBy(u => u.DisplayName).Take(200).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
                .Select(u => new EvaluatorOption(u.Id, Names.Of(u.DisplayName), assigned.Contains(u.Id))).ToList();
        }
        return true;
    }
}
