using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Storage;
using Procurement.Web.Features.Admin;
using Quartz;

namespace Procurement.Web.Pages.Admin;

/// <summary>定时任务 (platform admin only, by folder convention): every job, its triggers and last outcome, and "run now".</summary>
public sealed class JobsModel(ISchedulerFactory scheduler, ProcurementDb db) : PageModel
{
    public IReadOnlyList<JobInfo> Jobs { get; private set; } = [];

    [TempData]
    public string? Triggered { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Jobs = await Features.Admin.Jobs.ListAsync(scheduler, db, ct);

    public async Task<IActionResult> OnPostRunAsync(string name, CancellationToken ct)
    {
        if (!await Features.Admin.Jobs.TriggerAsync(scheduler, name, ct)) return NotFound();
        Triggered = name;
        return RedirectToPage();
    }
}
