using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Feedback;

/// <summary>服务评价: the form a beneficiary opens from the QR code at a session, without signing in; anonymous.</summary>
[AllowAnonymous, EnableRateLimiting(Features.Contracts.Feedback.Limiter)]
public sealed class FormModel(ProcurementDb db, RuleText rules, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public int? Satisfaction { get; set; }
    [BindProperty] public bool? WouldRecommend { get; set; }
    [BindProperty] public string? Improve { get; set; }
    /// <summary>This form's answer: sent twice (a double tap, a retry), it is stored once.</summary>
    [BindProperty] public Guid RequestId { get; set; }

    public FeedbackTarget Target { get; private set; } = null!;
    public bool Thanked { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        RequestId = Guid.CreateVersion7();
        // The device is known from the first page on, so answers sent from this page at once count as one device's.
        Features.Contracts.Feedback.DeviceOf(HttpContext);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        ModelState.LocalizeBindingErrors(rules);
        if (!ModelState.IsValid) return Page();
        Thanked = await ModelState.TryAsync(rules, () => Features.Contracts.Feedback.SubmitAsync(db, Id, new FeedbackInput(Satisfaction, WouldRecommend, Improve, RequestId),
            Features.Contracts.Feedback.DeviceOf(HttpContext), time.GetUtcNow(), ct), prefix: "");
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await Features.Contracts.Feedback.TargetAsync(db, Id, ct) is not { } target) return false;
        Target = target;
        return true;
    }
}
