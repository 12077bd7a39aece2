using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Procurement.Storage;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

/// <summary>
/// 质疑: during the award's publicity a bidder objects with a reason and an attachment; the union answers each (upheld
/// withdraws the proposed award, dismissed keeps it). The union reads all, a bidder its own; to anyone else it does not exist.
/// </summary>
[Authorize]
public sealed class ObjectionsModel(ProcurementDb db, GrainCommands commands, RuleText rules, EvidenceStore store, IStringLocalizer<SharedResource> text,
    TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ObjectionsView View { get; private set; } = null!;

    /// <summary>The objection whose answer form was refused (its errors are shown beside it).</summary>
    public Guid? Answering { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostFileAsync(string? reason, List<IFormFile> attachment, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (await ModelState.TryAsync(rules, () => Objections.FileAsync(Id, reason, attachment, store, commands, User, ct), prefix: ""))
            return Done("Notice_ObjectionFiled");
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid objectionId, bool? upheld, string? answer, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Answering = objectionId;
        if (await ModelState.TryAsync(rules, () => Objections.AnswerAsync(Id, objectionId, new AnswerObjectionRequest(upheld, answer), commands, User), prefix: ""))
            return Done(upheld == true ? "Notice_ObjectionUpheld" : "Notice_ObjectionDismissed");
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private RedirectToPageResult Done(string notice)
    {
        TempData["Notice"] = text[notice].Value;
        return RedirectToPage(new { Id });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await Objections.GetAsync(db, User, Id, time.GetUtcNow(), ct) is not { } view) return false;
        View = view;
        return true;
    }
}
