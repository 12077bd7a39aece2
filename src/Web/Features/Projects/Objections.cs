using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Projects;

public sealed record AttachmentView(string FileName, string ContentType, long SizeBytes);

public sealed record ObjectionView(Guid Id, Guid OrganizationId, string OrganizationName, DateTimeOffset FiledAt, string Reason, AttachmentView? Attachment,
    ObjectionOutcome? Outcome, string? Answer, DateTimeOffset? AnsweredAt);

/// <summary>
/// A project's objections (质疑) as the caller may see them: the union all of them, a bidder its own. <see cref="CanFile"/>
/// says whether the caller's organization may object now; <see cref="CanAnswer"/> whether the caller answers them.
/// </summary>
public sealed record ObjectionsView(Guid ProjectId, string Title, ProjectStatus Status, DateTimeOffset? PublicityEndsAt, bool CanFile, bool CanAnswer,
    IReadOnlyList<ObjectionView> Items);

public sealed record AnswerObjectionRequest(bool? Upheld, string? Answer);

/// <summary>Objections to a proposed award under /api/v1/projects/{id}/objections: filed by bidders during the publicity, answered by the union.</summary>
public static class Objections
{
    /// <summary>The objections the caller may see, or null when the project or its objections do not exist for them.</summary>
    public static async Task<ObjectionsView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid projectId, DateTimeOffset now, CancellationToken ct) =>
        (await VisibleAsync(db, user, projectId, now, ct))?.View;

    private sealed record Visible(ObjectionsView View, IReadOnlyList<Objection> Items);

    private static async Task<Visible?> VisibleAsync(ProcurementDb db, ClaimsPrincipal user, Guid projectId, DateTimeOffset now, CancellationToken ct)
    {
        // Only union staff and bidders may see objections: the public project page asks nothing of the database for the rest.
        var organization = user.IsInRole(Roles.OrganizationMember) ? user.GuidClaim(PortalClaims.OrganizationId) : null;
        if (organization is null && !user.IsInRole(Roles.UnionAdmin) && !user.IsInRole(Roles.PlatformAdmin)) return null;
        var p = await db.ProjectsFor(user).AsNoTracking().Where(x => x.Id == projectId)
            .Select(x => new { x.Id, x.Title, x.Status, x.UnionPath, x.AwardedBidId, x.AwardProposedAt, x.PublicityEndsAt, x.Objections }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var manages = user.ManagesUnion(p.UnionPath);
        var ownBid = organization is { } org
            ? await db.Bids.Where(b => b.ProjectId == projectId && b.OrganizationId == org && b.Status == BidStatus.Submitted).Select(b => (Guid?)b.Id).FirstOrDefaultAsync(ct)
            : null;
        // To anyone but the union and the bidders, a project has no objections to show.
        if (!manages && ownBid is null) return null;

        var items = p.Objections.Where(o => manages || o.OrganizationId == organization).OrderByDescending(o => o.FiledAt).ToList();
        var organizationIds = items.Select(o => o.OrganizationId).Distinct().ToList();
        var names = await db.Organizations.Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var canFile = ownBid is { } bid && bid != p.AwardedBidId && p.Status == ProjectStatus.AwardProposed && now < p.PublicityEndsAt
            && !p.Objections.Any(o => o.OrganizationId == organization && o.FiledAt >= p.AwardProposedAt);
        return new Visible(new ObjectionsView(p.Id, p.Title, p.Status, p.PublicityEndsAt, canFile, manages && user.IsInRole(Roles.UnionAdmin),
            [.. items.Select(o => new ObjectionView(o.Id, o.OrganizationId, names.GetValueOrDefault(o.OrganizationId, ""), o.FiledAt, o.Reason,
                o.AttachmentName is null ? null : new AttachmentView(o.AttachmentName, o.AttachmentType!, o.AttachmentSize ?? 0),
                o.Outcome, o.Answer, o.AnsweredAt))]), items);
    }

    /// <summary>Stores the attachment (one image or PDF, checked by content) and files the objection; returns its id.</summary>
    public static async Task<Guid> FileAsync(Guid projectId, string? reason, IReadOnlyList<IFormFile> files, EvidenceStore store, GrainCommands commands,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var attachment = (await store.SaveAsync(files, ct, field: "attachment", most: 1)).FirstOrDefault();
        return await commands.RunAsync(g => g.GetGrain<IProjectGrain>(projectId).FileObjection(reason ?? "", attachment, user.ToActor()));
    }

    /// <summary>Answers an objection; an answer that neither upholds nor dismisses is a field error.</summary>
    public static Task AnswerAsync(Guid projectId, Guid objectionId, AnswerObjectionRequest body, GrainCommands commands, ClaimsPrincipal user)
    {
        if (body.Upheld is not { } upheld)
            throw new RuleViolation("validation.failed", "Say whether the objection is upheld.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["upheld"] = ["required"] });
        return commands.RunAsync(g => g.GetGrain<IProjectGrain>(projectId).AnswerObjection(objectionId, upheld, body.Answer ?? "", user.ToActor()));
    }

    public static void MapObjections(this IEndpointRouteBuilder api)
    {
        var objections = api.MapGroup("/projects/{id:guid}/objections").WithTags("Projects");

        objections.MapGet("", async (Guid id, ProcurementDb db, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
                await GetAsync(db, user, id, time.GetUtcNow(), ct) is { } view ? Results.Ok(view) : ProjectEndpoints.NotFound("project"))
            .RequireAuthorization().WithSummary("Objections to the proposed award: the union sees all, a bidder its own");

        objections.MapPost("", async (Guid id, [FromForm] string? reason, IFormFileCollection files, EvidenceStore store, GrainCommands commands,
                ClaimsPrincipal user, CancellationToken ct) =>
            {
                var objectionId = await FileAsync(id, reason, [.. files], store, commands, user, ct);
                return Results.Created($"/api/v1/projects/{id}/objections", new Created(objectionId));
            })
            // Multipart is posted cross-site without a preflight: bearer tokens only; the portal posts through its own page.
            .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.OrganizationMember))
            .DisableAntiforgery()
            .WithSummary("Object to the proposed award during its publicity (multipart: reason, at most one image or PDF up to 10 MB; bearer token)");

        objections.MapPost("/{objectionId:guid}/answer", async (Guid id, Guid objectionId, AnswerObjectionRequest body, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await AnswerAsync(id, objectionId, body, commands, user);
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Answer an objection: upheld withdraws the proposed award, dismissed keeps it; a reason either way");

        objections.MapGet("/{objectionId:guid}/attachment", async (Guid id, Guid objectionId, ProcurementDb db, EvidenceStore store, ClaimsPrincipal user,
                TimeProvider time, CancellationToken ct) =>
            {
                var objection = (await VisibleAsync(db, user, id, time.GetUtcNow(), ct))?.Items.FirstOrDefault(o => o.Id == objectionId);
                return objection?.AttachmentSha256 is { } sha
                    ? Results.File(store.Open(sha), objection.AttachmentType, objection.AttachmentName)
                    : ProjectEndpoints.NotFound("attachment");
            })
            .RequireAuthorization().WithSummary("Download an objection's attachment: the union and the objecting organization only");
    }
}
