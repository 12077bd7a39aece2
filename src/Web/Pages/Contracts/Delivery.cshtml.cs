using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Contracts;

/// <summary>
/// 履约 (delivery) of one contract: the milestone timeline with reports and evidence, the organization's report form, the
/// union's verification, payments and KPI progress, quarterly reviews, rectification and termination. Updates live.
/// </summary>
[Authorize]
[RequestFormLimits(MultipartBodyLengthLimit = EvidenceStore.MaxBytes * EvidenceStore.MaxFiles + 1_000_000)]
public sealed class DeliveryModel(ProcurementDb db, GrainCommands commands, EvidenceStore evidence, RuleText text, TimeProvider time) : PageModel
{
    /// <summary>Today's date in China, against which milestones are overdue.</summary>
    public DateOnly Today => time.GetUtcNow().ToChinaDate();
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ContractView Contract { get; private set; } = null!;
    public IReadOnlyList<ReviewView> Reviews { get; private set; } = [];
    public bool IsOrganization { get; private set; }
    public bool IsUnion { get; private set; }
    [TempData] public string? Done { get; set; }

    [BindProperty] public MilestoneReportForm Report { get; set; } = new();
    [BindProperty] public Guid ReportedMilestone { get; set; }
    [BindProperty] public VerifyInput Verify { get; set; } = new();
    [BindProperty] public string? Rectification { get; set; }
    [BindProperty] public string? TerminationReason { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReportAsync(List<IFormFile> files, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsOrganization) return NotFound();
        ModelState.LocalizeBindingErrors(text);
        if (!ModelState.IsValid) return Page();
        var ok = await ModelState.TryAsync(text, async () =>
        {
            var report = await Report.ToReportAsync(files, evidence, ct);
            await commands.RunAsync(g => g.GetGrain<IContractGrain>(Id).ReportMilestone(ReportedMilestone, report, User.ToActor()));
        }, "Report");
        return ok ? Finish("Delivery_Reported") : await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsUnion) return NotFound();
        var ok = await ModelState.TryAsync(text, () => commands.RunAsync(g => g.GetGrain<IContractGrain>(Id).VerifyMilestone(Verify.MilestoneId, Verify.Accept, Verify.Reason, User.ToActor())), "Verify");
        return ok ? Finish(Verify.Accept ? "Delivery_Verified" : "Delivery_Rejected") : await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostRectifyAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        var ok = await ModelState.TryAsync(text, () => IsOrganization
            ? commands.RunAsync(g => g.GetGrain<IContractGrain>(Id).SubmitRectification(Rectification ?? "", User.ToActor()))
            : commands.RunAsync(g => g.GetGrain<IContractGrain>(Id).LiftRectification(User.ToActor())), "");
        return ok ? Finish(IsOrganization ? "Delivery_RectificationSent" : "Delivery_RectificationLifted") : await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostTerminationAsync(bool terminate, CancellationToken ct)
    {
        if (!await LoadAsync(ct) || !IsUnion) return NotFound();
        var ok = await ModelState.TryAsync(text, () => commands.RunAsync(g => g.GetGrain<IContractGrain>(Id).DecideTermination(terminate, TerminationReason, User.ToActor())), "");
        return ok ? Finish(terminate ? "Delivery_Terminated" : "Delivery_TerminationDismissed") : await ReloadAsync(ct);
    }

    private IActionResult Finish(string message)
    {
        Done = message;
        return RedirectToPage(new { Id });
    }

    private async Task<IActionResult> ReloadAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await ContractQueries.GetAsync(db, User, Id, ct) is not { } contract) return false;
        Contract = contract;
        Reviews = await ContractQueries.ReviewsAsync(db, User, Id, ct) ?? [];
        IsOrganization = User.IsInRole(Roles.OrganizationMember) && User.GuidClaim(PortalClaims.OrganizationId) == contract.OrganizationId;
        IsUnion = User.ManagesUnion(await UnionPathAsync(ct));
        return true;
    }

    private Task<string> UnionPathAsync(CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Contracts.Where(c => c.Id == Id).Select(c => c.UnionPath), ct);

    public sealed class VerifyInput
    {
        public Guid MilestoneId { get; set; }
        public bool Accept { get; set; }
        public string? Reason { get; set; }
    }
}
