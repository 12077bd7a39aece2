using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Workbench;

namespace Procurement.Web.Pages;

/// <summary>One of 工作台's queues in full, paged; 404 for a queue the caller's role does not have.</summary>
[Authorize]
public sealed class WorkQueueModel(ProcurementDb db, TimeProvider time) : PageModel
{
    public const int Size = 20;

    public WorkQueue Queue { get; private set; } = null!;

    public int PageNumber { get; private set; }

    public DateOnly Today => time.GetUtcNow().ToChinaDate();

    public async Task<IActionResult> OnGetAsync(string key, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        PageNumber = Math.Max(1, pageNumber ?? 1);
        if (await WorkQueues.OneAsync(db, User, Today, key, (PageNumber - 1) * Size, Size, ct) is not { } queue) return NotFound();
        Queue = queue;
        return Page();
    }
}
