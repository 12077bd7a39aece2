using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Projects;

namespace Procurement.Web.Pages.Projects;

/// <summary>审计记录: the project's append-only trail, who did what when, and whether its hash chain still holds.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class AuditModel(ProcurementDb db) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ProjectDetail Project { get; private set; } = null!;
    public AuditTrailView Trail { get; private set; } = null!;

    /// <summary>
    /// While bidding is open, who bid is as sealed as what they bid: the union sees that a bid came in, not from whom.
    /// (The query itself returns these entries whole; see the report on BidQueries.AuditAsync.)
    /// </summary>
    public bool IsSealed(AuditView entry) =>
        Project.Status == ProjectStatus.Published && entry.Action is "BidSubmitted" or "BidWithdrawn";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project || await BidQueries.AuditAsync(db, User, Id, ct) is not { } trail)
            return NotFound();
        Project = project;
        Trail = trail;
        return Page();
    }
}
