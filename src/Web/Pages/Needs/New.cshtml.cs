using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Web.Features.Admin;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages.Needs;

/// <summary>提出需求: a worker posts a need for their union; the union makes it public, merges or declines it.</summary>
[Authorize(Policy = Roles.Worker), EnableRateLimiting(Features.Needs.Needs.PostLimiter)]
public sealed class NewModel(GrainCommands commands, Users accounts, RuleText rules, IStringLocalizer<SharedResource> text) : PageModel
{
    /// <summary>Becomes the need's id, so a form sent twice posts one need.</summary>
    [BindProperty] public Guid RequestId { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? ForWhom { get; set; }
    [BindProperty] public int? People { get; set; }
    [BindProperty] public List<string> Groups { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        RequestId = Guid.CreateVersion7();
        Groups = [.. (await accounts.WorkerProfileAsync(User.UserId()!.Value, ct))?.Groups ?? []];
    }

    public async Task<IActionResult> OnPostAsync()
    {
        ModelState.LocalizeBindingErrors(rules);
        var id = RequestId == Guid.Empty ? Guid.CreateVersion7() : RequestId;
        var draft = new NeedDraft(Category ?? "", Title ?? "", Text ?? "", ForWhom ?? "", People ?? 0, Groups);
        if (!ModelState.IsValid) return Page();
        if (!await ModelState.TryAsync(rules, () => commands.RunAsync(g => g.GetGrain<INeedGrain>(id).Post(draft, User.ToActor())), prefix: ""))
            return Page();
        TempData["Notice"] = text["Notice_NeedPosted"].Value;
        return Redirect($"/needs/{id}");
    }
}
