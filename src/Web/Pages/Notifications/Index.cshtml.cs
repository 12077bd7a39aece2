using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Web.Features;
using Procurement.Web.Features.Notices;

namespace Procurement.Web.Pages.Notifications;

/// <summary>通知: the signed-in person's notifications and reminders, newest first, unread ones marked; opening one marks it read.</summary>
[Authorize]
public sealed class IndexModel(ProcurementDb db, TimeProvider time) : PageModel
{
    public Page<NoticeRow> Listed { get; private set; } = null!;

    public int Unread { get; private set; }

    public async Task OnGetAsync([FromQuery(Name = "page")] int? pageNumber, CancellationToken ct)
    {
        var (page, size) = Page<NoticeRow>.Clamp(pageNumber, 50);
        var mine = Notices.Of(db, User);
        Listed = new Page<NoticeRow>(await mine.Skip((page - 1) * size).Take(size).ToListAsync(ct), page, size, await mine.CountAsync(ct));
        Unread = await Notices.UnreadCountAsync(db, User, ct);
    }

    /// <summary>Opens a notice: marks it read and goes where it points (only ever within the portal).</summary>
    public async Task<IActionResult> OnGetOpenAsync(Guid id, CancellationToken ct) =>
        await Notices.MarkReadAsync(db, User, id, time.GetUtcNow(), ct) is { } notice && Url.IsLocalUrl(notice.Link)
            ? LocalRedirect(notice.Link) : NotFound();

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        await Notices.MarkAllReadAsync(db, User, time.GetUtcNow(), ct);
        return RedirectToPage();
    }
}
