using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Contracts;

namespace Procurement.Web.Pages.Contracts;

/// <summary>合同摘要（打印）: the contract's parties, amount (in figures and capitals), period, targets, milestones and payment shares, and signature blocks, laid out for paper.</summary>
[Authorize]
public sealed class PrintModel(ProcurementDb db, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ContractView Contract { get; private set; } = null!;
    public string? Uscc { get; private set; }
    public (long Provincial, long Local, long Other) Funding { get; private set; }
    public DateTimeOffset PrintedAt => time.GetUtcNow();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ContractQueries.GetAsync(db, User, Id, ct) is not { } contract) return NotFound();
        Contract = contract;
        Uscc = await db.Organizations.Where(o => o.Id == contract.OrganizationId).Select(o => o.Uscc).FirstOrDefaultAsync(ct);
        var project = await db.Projects.Where(p => p.Id == contract.ProjectId)
            .Select(p => new { p.ProvincialFundingFen, p.LocalFundingFen, p.OtherFundingFen }).FirstOrDefaultAsync(ct);
        if (project is not null) Funding = (project.ProvincialFundingFen, project.LocalFundingFen, project.OtherFundingFen);
        return Page();
    }
}
