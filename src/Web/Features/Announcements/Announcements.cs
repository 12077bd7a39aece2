using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Announcements;

public sealed record AnnouncementSummary(Guid Id, string Title, AnnouncementKind Kind, Guid UnionId, string UnionName, DateTimeOffset PublishedAt,
    DateTimeOffset? UpdatedAt);

/// <summary>An announcement as the caller may read it; <see cref="CanManage"/> says whether the caller corrects or withdraws it.</summary>
public sealed record AnnouncementView(Guid Id, string Title, AnnouncementKind Kind, Guid UnionId, string UnionName, string Body,
    DateTimeOffset PublishedAt, DateTimeOffset? UpdatedAt, DateTimeOffset? WithdrawnAt, bool CanManage);

/// <summary>通知公告 under /api/v1/announcements: every union publishes to everyone; withdrawn ones are seen by their union only.</summary>
public static class Announcements
{
    /// <summary>Published and not withdrawn, newest first, of one kind and one union's subtree when asked.</summary>
    public static async Task<Page<AnnouncementSummary>> ListAsync(ProcurementDb db, AnnouncementKind? kind, Guid? unionId, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Page<AnnouncementSummary>.Clamp(page, pageSize);
        var list = db.Announcements.AsNoTracking().Where(a => a.WithdrawnAt == null);
        if (kind is { } k) list = list.Where(a => a.Kind == k);
        if (unionId is { } id)
        {
            var path = await db.Unions.Where(u => u.Id == id).Select(u => u.Path).FirstOrDefaultAsync(ct) ?? "-";
            list = list.Where(a => a.UnionPath.StartsWith(path));
        }
        var total = await list.CountAsync(ct);
        var items = await Summaries(db, list).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<AnnouncementSummary>(items, number, size, total);
    }

    /// <summary>The newest few, for the home page.</summary>
    public static Task<List<AnnouncementSummary>> LatestAsync(ProcurementDb db, int take, CancellationToken ct) =>
        Summaries(db, db.Announcements.AsNoTracking().Where(a => a.WithdrawnAt == null)).Take(take).ToListAsync(ct);

    private static IQueryable<AnnouncementSummary> Summaries(ProcurementDb db, IQueryable<Announcement> list) =>
        list.OrderByDescending(a => a.PublishedAt)
            .Join(db.Unions, a => a.UnionId, u => u.Id, (a, u) => new AnnouncementSummary(a.Id, a.Title, a.Kind, a.UnionId, Names.Pick(u.Name, u.NameEn),
                a.PublishedAt, a.UpdatedAt));

    /// <summary>An announcement, or null when it does not exist for the caller (withdrawn: only its union still reads it).</summary>
    public static async Task<AnnouncementView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var a = await db.Announcements.AsNoTracking().Where(x => x.Id == id)
            .Join(db.Unions, x => x.UnionId, u => u.Id, (x, u) => new { Announcement = x, Union = Names.Pick(u.Name, u.NameEn) }).FirstOrDefaultAsync(ct);
        if (a is null) return null;
        var x = a.Announcement;
        var manages = user.IsInRole(Roles.UnionAdmin) && user.ManagesUnion(x.UnionPath);
        if (x.WithdrawnAt is not null && !manages) return null;
        return new AnnouncementView(x.Id, x.Title, x.Kind, x.UnionId, a.Union, x.Body, x.PublishedAt, x.UpdatedAt, x.WithdrawnAt, manages);
    }

    public static void MapAnnouncements(this IEndpointRouteBuilder api)
    {
        var announcements = api.MapGroup("/announcements").WithTags("Announcements");

        announcements.MapGet("", (AnnouncementKind? kind, Guid? unionId, int? page, int? pageSize, ProcurementDb db, CancellationToken ct) =>
                ListAsync(db, kind, unionId, page, pageSize, ct))
            .AllowAnonymous().WithSummary("Announcements (通知公告), newest first; of one kind, of one union and those below it");

        announcements.MapGet("/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await GetAsync(db, user, id, ct) is { } a ? Results.Ok(a) : ProjectEndpoints.NotFound("announcement"))
            .AllowAnonymous().WithSummary("An announcement (a withdrawn one: its union only)");

        announcements.MapPost("", async (AnnouncementDraft draft, GrainCommands commands, ClaimsPrincipal user, HttpContext http) =>
            {
                // A retry with the same Idempotency-Key addresses the same grain, so it publishes once.
                var id = GrainCommands.IdempotentId(http) ?? Guid.CreateVersion7();
                await commands.RunAsync(g => g.GetGrain<IAnnouncementGrain>(id).Publish(draft, user.ToActor()));
                return Results.Created($"/api/v1/announcements/{id}", new Created(id));
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Publish an announcement for the caller's union or one below it");

        announcements.MapPut("/{id:guid}", async (Guid id, AnnouncementDraft draft, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IAnnouncementGrain>(id).Update(draft, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Correct an announcement (its union stays)");

        announcements.MapPost("/{id:guid}/withdraw", async (Guid id, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IAnnouncementGrain>(id).Withdraw(user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Withdraw an announcement: it is no longer listed or shown");
    }
}
