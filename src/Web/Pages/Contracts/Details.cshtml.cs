using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Contracts;

namespace Procurement.Web.Pages.Contracts;

/// <summary>合同: for the union's subtree and the organization (the query filters by both); anyone else gets 404.</summary>
[Authorize]
public sealed class DetailsModel(ProcurementDb db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ContractView Contract { get; private set; } = null!;

    /// <summary>The beneficiaries' answers of the latest quarter that has any (服务评价).</summary>
    public FeedbackFigures? Feedback { get; private set; }

    /// <summary>Today's date in China, against which milestones are overdue.</summary>
    public DateOnly Today => time.GetUtcNow().ToChinaDate();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ContractQueries.GetAsync(db, User, Id, ct) is not { } contract) return NotFound();
        Contract = contract;
        Feedback = (await Features.Contracts.Feedback.FiguresAsync(db, Id, ct)).FirstOrDefault();
        return Page();
    }
}
