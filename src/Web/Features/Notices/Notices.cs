using System.Data.Common;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Notices;

public sealed record NoticeRow(Guid Id, string Kind, string Title, string Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>A person's notification settings as the API reads and writes them; a kind listed in EmailOff is not e-mailed.</summary>
public sealed record NoticeSettingsInput(IReadOnlyList<string>? EmailOff, bool WatchProjects, IReadOnlyList<string>? WatchCategories,
    IReadOnlyList<string>? WatchRegions);

/// <summary>
/// 通知: a person's notifications (unread first to the eye, newest first in order), marking them read, and the settings
/// that decide which reach them by e-mail and whether newly published projects do. Only ever the caller's own.
/// </summary>
public static class Notices
{
    public const int MaxWatched = 30;
    public const int MaxWatchedLength = 50;

    /// <summary>The caller's notices, newest first.</summary>
    public static IQueryable<NoticeRow> Of(ProcurementDb db, ClaimsPrincipal user) =>
        Rows(Mine(db, user).OrderByDescending(n => n.CreatedAt));

    private static IQueryable<Notification> Mine(ProcurementDb db, ClaimsPrincipal user)
    {
        var me = user.UserId();
        return db.Notifications.AsNoTracking().Where(n => n.UserId == me);
    }

    private static IQueryable<NoticeRow> Rows(IQueryable<Notification> notices) =>
        notices.Select(n => new NoticeRow(n.Id, n.Kind, n.Title, n.Link, n.CreatedAt, n.ReadAt));

    public static Task<int> UnreadCountAsync(ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
        Mine(db, user).CountAsync(n => n.ReadAt == null, ct);

    /// <summary>The count the menu shows beside 通知; none when the database cannot say (the page itself may be the error page for that).</summary>
    public static async Task<int?> UnreadBadgeAsync(ProcurementDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.UserId() is null) return null;
        try
        {
            return await UnreadCountAsync(db, user, ct);
        }
        catch (DbException)
        {
            return null;
        }
    }

    /// <summary>Marks one of the caller's notices read; null when it is not theirs.</summary>
    public static async Task<NoticeRow?> MarkReadAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        var notice = await Rows(Mine(db, user).Where(n => n.Id == id)).FirstOrDefaultAsync(ct);
        if (notice is { ReadAt: null })
            await db.Notifications.Where(n => n.Id == id && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return notice;
    }

    public static Task<int> MarkAllReadAsync(ProcurementDb db, ClaimsPrincipal user, DateTimeOffset now, CancellationToken ct) =>
        Mine(db, user).Where(n => n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);

    /// <summary>The kinds a person with these roles receives, in the catalogue's order.</summary>
    public static IReadOnlyList<NoticeKind> KindsFor(ClaimsPrincipal user) =>
        [.. NoticeKinds.All.Where(k => k.Roles.Any(user.IsInRole))];

    public static async Task<NoticeSettingsInput> SettingsAsync(ProcurementDb db, ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.UserId();
        var s = await db.NoticeSettings.AsNoTracking().FirstOrDefaultAsync(x => x.UserId == me, ct);
        return s is null ? new NoticeSettingsInput([], false, [], [])
            : new NoticeSettingsInput(s.EmailOff, s.WatchProjects, s.WatchCategories, s.WatchRegions);
    }

    /// <summary>Checks every field at once (a refusal changes nothing), then stores the caller's settings.</summary>
    /// <exception cref="RuleViolation">Unknown kinds, new-project alerts for someone who cannot bid, too many or too long names.</exception>
    public static async Task SaveSettingsAsync(ProcurementDb db, ClaimsPrincipal user, NoticeSettingsInput input, CancellationToken ct)
    {
        var mine = KindsFor(user).Select(k => k.Key).ToHashSet();
        var emailOff = Clean(input.EmailOff);
        var categories = Clean(input.WatchCategories);
        var regions = Clean(input.WatchRegions);
        new FieldChecks()
            .Require(emailOff.All(mine.Contains), "emailOff", "notice.unknown_kind")
            .Require(!input.WatchProjects || user.IsInRole(Roles.OrganizationMember), "watchProjects", "notice.watch_members_only")
            .Require(categories.Count <= MaxWatched && categories.All(c => c.Length <= MaxWatchedLength), "watchCategories", "notice.watch_list")
            .Require(regions.Count <= MaxWatched && regions.All(r => r.Length <= MaxWatchedLength), "watchRegions", "notice.watch_list")
            .ThrowIfAny();

        var me = user.UserId() ?? throw new InvalidOperationException("Not signed in.");
        var settings = await db.NoticeSettings.FirstOrDefaultAsync(x => x.UserId == me, ct);
        if (settings is null) db.NoticeSettings.Add(settings = new NoticeSettings { UserId = me });
        settings.EmailOff = emailOff;
        settings.WatchProjects = input.WatchProjects;
        settings.WatchCategories = categories;
        settings.WatchRegions = regions;
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Names as people type them: trimmed, blanks dropped, each once.</summary>
    private static List<string> Clean(IReadOnlyList<string>? names) =>
        [.. (names ?? []).Select(n => n?.Trim() ?? "").Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];

    public static void MapNotices(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/notifications").RequireAuthorization().WithTags("Notifications");

        group.MapGet("", async (ProcurementDb db, ClaimsPrincipal user, int? page, CancellationToken ct) =>
            {
                var (p, size) = Page<object>.Clamp(page, 50);
                return await Of(db, user).Skip((p - 1) * size).Take(size).ToListAsync(ct);
            })
            .WithSummary("The caller's notifications, newest first");

        group.MapGet("/unread", async (ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                new { Count = await UnreadCountAsync(db, user, ct) })
            .WithSummary("How many of the caller's notifications are unread");

        group.MapPost("/{id:guid}/read", async (Guid id, ProcurementDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
                await MarkReadAsync(db, user, id, time.GetUtcNow(), ct) is null ? Projects.ProjectEndpoints.NotFound("notification") : Results.NoContent())
            .WithSummary("Mark one of the caller's notifications read");

        group.MapPost("/read-all", async (ProcurementDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
                new { Marked = await MarkAllReadAsync(db, user, time.GetUtcNow(), ct) })
            .WithSummary("Mark all the caller's notifications read");

        group.MapGet("/settings", (ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) => SettingsAsync(db, user, ct))
            .WithSummary("Which notices the caller does not want by e-mail, and which new projects they watch");

        group.MapPut("/settings", async (NoticeSettingsInput body, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await SaveSettingsAsync(db, user, body, ct);
                return Results.NoContent();
            })
            .WithSummary("Turn e-mail off per kind; organization members may watch new projects by category and region");
    }
}
