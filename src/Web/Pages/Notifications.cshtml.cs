using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

public sealed record NotificationRow(string Kind, string Title, string Link, DateTimeOffset CreatedAt);

/// <summary>通知: the signed-in user's notifications and reminders, newest first.</summary>
[Authorize]
public sealed class NotificationsModel(ProcurementDb db) : PageModel
{
    public IReadOnlyList<NotificationRow> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var me = User.UserId();
        Items = await db.Notifications.AsNoTracking().Where(n => n.UserId == me).OrderByDescending(n => n.CreatedAt).Take(100)
            .Select(n => new NotificationRow(n.Kind, n.Title, n.Link, n.CreatedAt)).ToListAsync(ct);
    }
}
