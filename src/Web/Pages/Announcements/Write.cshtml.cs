using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Unions;
using Procurement.Web.Hosting;
using Procurement.Web.Pages.Projects;

namespace Procurement.Web.Pages.Announcements;

/// <summary>发布 / 修改通知公告: a new announcement for the admin's union or one below it, or a correction of one (its union fixed).</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class WriteModel(ProcurementDb db, GrainCommands commands, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>The announcement corrected; none for a new one.</summary>
    [BindProperty(SupportsGet = true)] public Guid? Id { get; set; }

    /// <summary>Becomes a new announcement's id, so a form sent twice publishes once.</summary>
    [BindProperty] public Guid RequestId { get; set; }
    [BindProperty] public Guid? UnionId { get; set; }
    [BindProperty] public AnnouncementKind? Kind { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Body { get; set; }

    public IReadOnlyList<UnionOption> Unions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is { } id)
        {
            if (await Features.Announcements.Announcements.GetAsync(db, User, id, ct) is not { CanManage: true, WithdrawnAt: null } a) return NotFound();
            (UnionId, Kind, Title, Body) = (a.UnionId, a.Kind, a.Title, a.Body);
        }
        else
        {
            RequestId = Guid.CreateVersion7();
            UnionId = User.GuidClaim(PortalClaims.UnionId);
        }
        await LoadUnionsAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.LocalizeBindingErrors(rules);
        if (ModelState.IsValid)
        {
            var draft = new AnnouncementDraft(UnionId ?? Guid.Empty, Kind ?? 0, Title ?? "", Body ?? "");
            var id = Id ?? (RequestId == Guid.Empty ? Guid.CreateVersion7() : RequestId);
            var grain = (IGrainFactory g) => g.GetGrain<IAnnouncementGrain>(id);
            if (await ModelState.TryAsync(rules, () => commands.RunAsync(g => Id is null ? grain(g).Publish(draft, User.ToActor()) : grain(g).Update(draft, User.ToActor())), prefix: ""))
            {
                TempData["Notice"] = text[Id is null ? "Notice_AnnouncementPublished" : "Notice_AnnouncementUpdated"].Value;
                return Redirect($"/announcements/{id}");
            }
        }
        await LoadUnionsAsync(ct);
        return Page();
    }

    /// <summary>The admin's union and those below it (a correction keeps its union: the list then offers only that one).</summary>
    private async Task LoadUnionsAsync(CancellationToken ct)
    {
        var own = User.GuidClaim(PortalClaims.UnionId);
        var subtree = UnionOption.Subtree(await UnionTree.LoadAsync(db, ct), own);
        Unions = Id is null ? subtree : [.. subtree.Where(u => u.Id == UnionId)];
    }
}
