using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Procurement.Silo.Notifications;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Contracts;

namespace Procurement.Web.Pages.Contracts;

/// <summary>
/// 服务评价 of a contract for its parties and evaluators: the QR code and link the organization shows at its sessions,
/// the answers per quarter and the latest suggestions (anonymous, masked).
/// </summary>
[Authorize]
public sealed class FeedbackModel(ProcurementDb db, IOptions<PortalOptions> portal) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public string Title { get; private set; } = "";
    public string Link { get; private set; } = "";
    public IReadOnlyList<FeedbackFigures> Quarters { get; private set; } = [];
    public IReadOnlyList<FeedbackSuggestion> Suggestions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await db.ContractsFor(User).Where(c => c.Id == Id).Select(c => c.Title).FirstOrDefaultAsync(ct) is not { } title) return NotFound();
        Title = title;
        Link = portal.Value.Link(Features.Contracts.Feedback.FormPath(Id));
        Quarters = await Features.Contracts.Feedback.FiguresAsync(db, Id, ct);
        Suggestions = await Features.Contracts.Feedback.SuggestionsAsync(db, Id, 50, ct);
        return Page();
    }
}
