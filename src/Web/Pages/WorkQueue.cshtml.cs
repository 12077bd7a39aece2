using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Workbench;

namespace Procurement.Web.Pages;

/// <summary>One of 工作台's queues in full, paged; 404 for a queue the caller's role does not have.</summary>
[Authorize]
public sealed class WorkQueueModel(ProcurementDb db, TimeProvider time) : PageModel
{
    public WorkQueue Queue { get; private set; } = null!;

    /// <summary>The page of the queue shown, for the pager.</summary>
    public Page<WorkItem> Listed { get; private set; } = null!;

    public DateOnly Today => time.GetUtcNow().ToChinaDate();

    public async Task<IActionResult> OnGetAsync(string key, [FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var (page, size) = Page<WorkItem>.Clamp(pageNumber, null);
        if (await WorkQueues.OneAsync(db, User, Today, key, (page - 1) * size, size, ct) is not { } queue) return NotFound();
        Queue = queue;
        Listed = new Page<WorkItem>(queue.Items, page, size, queue.Count);
        return Page();
    }
}
