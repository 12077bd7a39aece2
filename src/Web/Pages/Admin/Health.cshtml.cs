using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Procurement.Web.Pages.Admin;

/// <summary>
/// 系统状态 (platform admin only, by folder convention): the same checks as <c>/health</c>, which stays JSON for machines,
/// read by a person — each dependency's state in words, how long its check took and what it found.
/// </summary>
public sealed class HealthModel(HealthCheckService health, TimeProvider time) : PageModel
{
    public HealthReport Report { get; private set; } = null!;
    public DateTimeOffset CheckedAt { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Report = await health.CheckHealthAsync(ct);
        CheckedAt = time.GetUtcNow();
    }
}
