using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Projects;

/// <summary>A call or proposal document; <see cref="Current"/> is false for a version a later one of the same name replaced.</summary>
public sealed record DocumentView(Guid Id, string FileName, int Version, string ContentType, long SizeBytes, DateTimeOffset AddedAt, bool Current);

/// <summary>
/// 招标文件 and 投标文件 under /api/v1/projects/{id}/documents and …/bids/{bidId}/documents: files checked by content (PDF,
/// Word, images; 10 MB), stored under their hash, served only to who may read the call or the bid.
/// </summary>
public static class Documents
{
    /// <summary>Newest first within each name; the highest version of a name is current.</summary>
    public static IReadOnlyList<DocumentView> Views(IEnumerable<AttachedDocument> documents)
    {
        var list = documents.ToList();
        var latest = list.GroupBy(d => d.FileName.ToUpperInvariant()).ToDictionary(g => g.Key, g => g.Max(d => d.Version));
        return [.. list.OrderBy(d => d.FileName, StringComparer.OrdinalIgnoreCase).ThenByDescending(d => d.Version)
            .Select(d => new DocumentView(d.Id, d.FileName, d.Version, d.ContentType, d.SizeBytes, d.AddedAt, latest[d.FileName.ToUpperInvariant()] == d.Version))];
    }

    /// <summary>Stores one uploaded document (field <c>file</c>) and hands it to <paramref name="attach"/>.</summary>
    public static async Task<Guid> StoreAsync(IReadOnlyList<IFormFile> files, EvidenceStore store, CancellationToken ct, Func<Procurement.Contracts.Api.EvidenceInput, Task<Guid>> attach)
    {
        new FieldChecks().Require(files.Count > 0, "file", "required").ThrowIfAny();
        return await attach((await store.SaveAsync(files, ct, field: "file", most: 1, documents: true))[0]);
    }

    /// <summary>
    /// An organization's application documents, for its members, the platform admin and the union admins who see the
    /// organization (an application: those whose region covers it); null for everyone else.
    /// </summary>
    public static async Task<IReadOnlyList<AttachedDocument>?> OrganizationDocumentsAsync(ProcurementDb db, ClaimsPrincipal user, Guid organizationId, CancellationToken ct)
    {
        var own = user.IsInRole(Roles.OrganizationMember) && user.GuidClaim(PortalClaims.OrganizationId) == organizationId;
        if (!own && !user.IsInRole(Roles.UnionAdmin) && !user.IsInRole(Roles.PlatformAdmin)) return null;
        return await db.OrganizationsFor(user).AsNoTracking().Where(o => o.Id == organizationId).Select(o => o.Documents).FirstOrDefaultAsync(ct);
    }

    public static void MapDocuments(this IEndpointRouteBuilder api)
    {
        var organizations = api.MapGroup("/organizations/{id:guid}/documents").WithTags("Organizations");

        organizations.MapPost("", async (Guid id, IFormFileCollection files, EvidenceStore store, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var documentId = await StoreAsync([.. files], store, ct, file => commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).AddDocument(file, user.ToActor())));
                return Results.Created($"/api/v1/organizations/{id}/documents/{documentId}", new Created(documentId));
            })
            .RequireAuthorization(p => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(Roles.OrganizationMember)).DisableAntiforgery()
            .WithSummary("Attach an application document (registration certificate, charter…; multipart: file; bearer token)");

        organizations.MapDelete("/{documentId:guid}", async (Guid id, Guid documentId, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).RemoveDocument(documentId, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Remove one of the organization's documents");

        organizations.MapGet("/{documentId:guid}", async (Guid id, Guid documentId, ProcurementDb db, EvidenceStore store, ClaimsPrincipal user, CancellationToken ct) =>
                (await OrganizationDocumentsAsync(db, user, id, ct))?.FirstOrDefault(d => d.Id == documentId) is { } d
                    ? Results.File(store.Open(d.Sha256), d.ContentType, d.FileName)
                    : ProjectEndpoints.NotFound("document"))
            .RequireAuthorization().WithSummary("Download an application document: the organization's members and the unions that see it");

        var projects = api.MapGroup("/projects/{id:guid}").WithTags("Projects");
        // Multipart is posted cross-site without a preflight: bearer tokens only; the portal posts through its own pages.
        void Bearer(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p, string role) => p.AddAuthenticationSchemes(IdentityConstants.BearerScheme).RequireRole(role);

        projects.MapPost("/documents", async (Guid id, IFormFileCollection files, EvidenceStore store, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var documentId = await StoreAsync([.. files], store, ct, file => commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).AddCallDocument(file, user.ToActor())));
                return Results.Created($"/api/v1/projects/{id}/documents/{documentId}", new Created(documentId));
            })
            .RequireAuthorization(p => Bearer(p, Roles.UnionAdmin)).DisableAntiforgery()
            .WithSummary("Add a call document (multipart: file, PDF, Word or image up to 10 MB; a name already attached becomes its next version; bearer token)");

        projects.MapDelete("/documents/{documentId:guid}", async (Guid id, Guid documentId, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).RemoveCallDocument(documentId, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Remove a call document from a draft");

        projects.MapGet("/documents/{documentId:guid}", async (Guid id, Guid documentId, ProcurementDb db, EvidenceStore store, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var documents = await db.ProjectsFor(user).AsNoTracking().Where(p => p.Id == id).Select(p => p.Documents).FirstOrDefaultAsync(ct);
                return documents?.FirstOrDefault(d => d.Id == documentId) is { } d
                    ? Results.File(store.Open(d.Sha256), d.ContentType, d.FileName)
                    : ProjectEndpoints.NotFound("document");
            })
            .AllowAnonymous().WithSummary("Download a call document (every version) of a project the caller may see");

        projects.MapPost("/bids/{bidId:guid}/documents", async (Guid id, Guid bidId, IFormFileCollection files, EvidenceStore store, GrainCommands commands,
                ClaimsPrincipal user, CancellationToken ct) =>
            {
                var documentId = await StoreAsync([.. files], store, ct,
                    file => commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).AddProposalDocument(bidId, file, user.ToActor())));
                return Results.Created($"/api/v1/projects/{id}/bids/{bidId}/documents/{documentId}", new Created(documentId));
            })
            .RequireAuthorization(p => Bearer(p, Roles.OrganizationMember)).DisableAntiforgery()
            .WithSummary("Attach a proposal document to the organization's bid while bidding is open (multipart: file; sealed like the bid; bearer token)");

        projects.MapDelete("/bids/{bidId:guid}/documents/{documentId:guid}", async (Guid id, Guid bidId, Guid documentId, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).RemoveProposalDocument(bidId, documentId, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Remove a proposal document while bidding is open");

        projects.MapGet("/bids/{bidId:guid}/documents/{documentId:guid}", async (Guid id, Guid bidId, Guid documentId, ProcurementDb db, EvidenceStore store,
                ClaimsPrincipal user, CancellationToken ct) =>
            {
                // Whoever may read the bid (its bidder; after the deadline the union and the evaluators who declared no conflict).
                var visible = (await BidQueries.GetAsync(db, user, id, ct))?.Bids.Any(b => b.Id == bidId) == true;
                var document = visible
                    ? (await db.Bids.AsNoTracking().Where(b => b.Id == bidId && b.ProjectId == id).Select(b => b.Documents).FirstAsync(ct)).FirstOrDefault(d => d.Id == documentId)
                    : null;
                return document is null ? ProjectEndpoints.NotFound("document") : Results.File(store.Open(document.Sha256), document.ContentType, document.FileName);
            })
            .RequireAuthorization().WithSummary("Download a proposal document: whoever may read the bid");
    }
}
