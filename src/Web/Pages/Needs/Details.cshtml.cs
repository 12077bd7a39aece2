using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Needs;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Needs;

/// <summary>
/// A need: what is asked, how many say "我也需要" (live), their comments, the union's answer and the project it became.
/// Workers support it here; its union accepts, merges, declines, answers it and drafts a project from it.
/// </summary>
[EnableRateLimiting(Features.Needs.Needs.SupportLimiter)]
public sealed class DetailsModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public Guid? TargetId { get; set; }
    [BindProperty] public NeedStatus? Status { get; set; }

    public NeedView Need { get; private set; } = null!;
    public Page<NeedComment> Comments { get; private set; } = null!;
    public IReadOnlyList<NeedRef> MergeTargets { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct) =>
        await LoadAsync(pageNumber, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSupportAsync(CancellationToken ct) =>
        RunAsync(Roles.Worker, a => g => g.GetGrain<INeedGrain>(Id).Support(Comment, a), "Notice_NeedSupported", ct);

    public Task<IActionResult> OnPostAcceptAsync(CancellationToken ct) =>
        RunAsync(Roles.UnionAdmin, a => g => g.GetGrain<INeedGrain>(Id).Accept(a), "Notice_NeedAccepted", ct);

    public Task<IActionResult> OnPostDeclineAsync(CancellationToken ct) =>
        RunAsync(Roles.UnionAdmin, a => g => g.GetGrain<INeedGrain>(Id).Decline(Reason ?? "", a), "Notice_NeedDeclined", ct);

    public Task<IActionResult> OnPostMergeAsync(CancellationToken ct)
    {
        if (TargetId is not { } target)
        {
            ModelState.AddField(rules, "", "targetId", "required");
            return ReloadAsync(ct);
        }
        return RunAsync(Roles.UnionAdmin, a => g => g.GetGrain<INeedGrain>(Id).MergeInto(target, a), "Notice_NeedMerged", ct);
    }

    public Task<IActionResult> OnPostAnswerAsync(CancellationToken ct) =>
        RunAsync(Roles.UnionAdmin, a => g => g.GetGrain<INeedGrain>(Id).Answer(Status ?? 0, Reason ?? "", a), "Notice_NeedAnswered", ct);

    private async Task<IActionResult> RunAsync(string role, Func<Procurement.Contracts.Api.Actor, Func<IGrainFactory, Task>> call, string notice, CancellationToken ct)
    {
        if (!User.IsInRole(role)) return User.Identity?.IsAuthenticated == true ? Forbid() : Challenge();
        if (await ModelState.TryAsync(rules, () => commands.RunAsync(call(User.ToActor())), prefix: ""))
        {
            TempData["Notice"] = text[notice].Value;
            return RedirectToPage();
        }
        return await ReloadAsync(ct);
    }

    private async Task<IActionResult> ReloadAsync(CancellationToken ct) => await LoadAsync(null, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(int? page, CancellationToken ct)
    {
        if (await Features.Needs.Needs.GetAsync(db, User, Id, ct) is not { } need) return false;
        Need = need;
        Comments = await Features.Needs.Needs.CommentsAsync(db, Id, page, null, ct);
        if (need.CanDecide && need.Status == NeedStatus.Submitted) MergeTargets = await Features.Needs.Needs.MergeTargetsAsync(db, User, need, ct);
        return true;
    }
}
