using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Projects;

/// <summary>
/// 编辑草稿 / 发布更正公告: a draft is edited freely until published; a published call is amended before its deadline with a
/// note of what changed (its bidders are told; a new deadline re-schedules the close). 404 for anyone but the project's union.
/// </summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class EditModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text, TimeProvider time)
    : ProjectFormPage(db, rules)
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public bool Amending { get; private set; }

    public string Title { get; private set; } = "";

    public override bool UnionFixed => true;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is not { } project) return NotFound();
        Input = ProjectForm.From(project);
        await LoadOptionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is null) return NotFound();
        if (await DraftAsync(ct) is not { } draft) return Page();
        var grain = (IGrainFactory g) => g.GetGrain<IProjectGrain>(Id);
        if (!await ModelState.TryAsync(Rules, () => Amending
                ? commands.RunAsync(g => grain(g).Amend(draft, Input.Note ?? "", User.ToActor()))
                : commands.RunAsync(g => grain(g).UpdateDraft(draft, User.ToActor()))))
        {
            await LoadOptionsAsync(ct);
            return Page();
        }
        TempData["Notice"] = text[Amending ? "Notice_Amended" : "Notice_DraftSaved"].Value;
        return Redirect($"/projects/{Id}");
    }

    /// <summary>The project while the caller's union may still change it: a draft, or a published call before its deadline.</summary>
    private async Task<Storage.Entities.Project?> LoadAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var project = await Db.ProjectsFor(User).AsNoTracking().FirstOrDefaultAsync(p => p.Id == Id, ct);
        if (project is null || !User.ManagesUnion(project.UnionPath)) return null;
        if (project.Status != ProjectStatus.Draft && !(project.Status == ProjectStatus.Published && now < project.BidClosesAt)) return null;
        Amending = project.Status == ProjectStatus.Published;
        Title = project.Title;
        return project;
    }
}
