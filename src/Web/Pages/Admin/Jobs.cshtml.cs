using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Storage;
using Procurement.Web.Features.Admin;

namespace Procurement.Web.Pages.Admin;

/// <summary>定时任务 (platform admin only, by folder convention): every job, its schedule or deadlines, its last outcome, and "run now".</summary>
public sealed class JobsModel(JobStorage storage, IRecurringJobManager recurring, ProcurementDb db) : PageModel
{
    public IReadOnlyList<JobInfo> Jobs { get; private set; } = [];

    [TempData]
    public string? Triggered { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Jobs = await Features.Admin.Jobs.ListAsync(storage, db, ct);

    public IActionResult OnPostRun(string name)
    {
        if (!Features.Admin.Jobs.Trigger(recurring, name)) return NotFound();
        Triggered = name;
        return RedirectToPage();
    }
}
