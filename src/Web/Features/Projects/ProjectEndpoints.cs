using System.Security.Claims;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Projects;

public sealed record AssignEvaluatorsRequest(IReadOnlyList<Guid>? EvaluatorIds);
public sealed record DeclarationRequest(bool HasConflict);
/// <summary>An amendment: the whole call as it reads after the change, and what changed in the union's words.</summary>
public sealed record AmendmentRequest(ProjectDraft? Draft, string? Note);
public sealed record CancelRequest(string? Reason);
public sealed record ScoreRequest(IReadOnlyList<CriterionScoreInput>? Scores, bool DeclareNoConflict);
public sealed record AwardRequest(Guid BidId, string? Reason);
public sealed record Created(Guid Id);

/// <summary>Projects, sealed bids, evaluation and award under /api/v1/projects (DESIGN.md §4).</summary>
public static class ProjectEndpoints
{
    public static void MapProjects(this IEndpointRouteBuilder api)
    {
        var projects = api.MapGroup("/projects").WithTags("Projects");

        projects.MapGet("", (ProjectStatus? status, Guid? unionId, Guid? brandId, string? category, string? q, int? page, int? pageSize,
                ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
            ProjectQueries.ListAsync(db, user, new ProjectFilter(status, unionId, brandId, category, q, page, pageSize), ct))
            .AllowAnonymous().WithSummary("Published projects (and a union's own drafts), filtered and paged");

        api.MapGet("/projects." + Exports.Extension, async (string format, ProjectStatus? status, Guid? unionId, Guid? brandId, string? category, string? q,
                ProcurementDb db, ClaimsPrincipal user, IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken ct) =>
            await Exports.FileAsync("projects", format, time, ct, ExportTable.Of<ProjectSummary>(text["Nav_Projects"],
            [
                new(text["Export_Title"], p => p.Title),
                new(text["Export_Category"], p => p.Category),
                new(text["Export_Union"], p => p.UnionName),
                new(text["Export_Brand"], p => p.BrandName),
                new(text["Export_BudgetYuan"], p => p.BudgetFen, IsMoney: true),
                new(text["Export_BidClosesAt"], p => p.BidClosesAt.ToChinaString()),
                new(text["Export_Status"], p => text["Status_" + p.Status].Value),
                new(text["Export_TargetGroups"], p => string.Join("、", p.TargetGroups)),
            ], await ProjectQueries.AllAsync(db, user, new ProjectFilter(status, unionId, brandId, category, q, null, null), ct))))
            .AllowAnonymous().WithTags("Projects")
            .WithSummary("The project list as a spreadsheet (format xlsx or csv), with the list's filters and without paging");

        projects.MapGet("/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await ProjectQueries.GetAsync(db, user, id, ct) is { } p ? Results.Ok(p) : NotFound("project"))
            .AllowAnonymous().WithSummary("A project; after award, its winner and amount");

        projects.MapPost("", async (ProjectDraft draft, GrainCommands commands, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                // A retry with the same Idempotency-Key must address the same grain, or the grain's record of handled
                // commands (kept per grain) would not recognise it and a second draft would be created.
                var id = GrainCommands.IdempotentId(http) ?? Guid.CreateVersion7();
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).CreateDraft(draft, user.ToActor()));
                return Results.Created($"/api/v1/projects/{id}", new Created(id));
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Create a draft for the caller's union or one below it");

        projects.MapPut("/{id:guid}", async (Guid id, ProjectDraft draft, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).UpdateDraft(draft, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Replace a draft's content before it is published (its union stays)");

        projects.MapPost("/{id:guid}/amendments", async (Guid id, AmendmentRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (body.Draft is null) new FieldChecks().Require(false, "draft", "required").ThrowIfAny();
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).Amend(body.Draft!, body.Note ?? "", user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin)
            .WithSummary("Amend a published call before its deadline (更正公告): the whole changed call and a note; bidders are told");

        projects.MapPost("/{id:guid}/cancel", async (Guid id, CancelRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).Cancel(body.Reason ?? "", user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Cancel a published call before its award (终止公告) with a reason; bidders and evaluators are told");

        projects.MapPost("/{id:guid}/publish", async (Guid id, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).Publish(user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Publish a draft; bidding closes by itself at the deadline");

        projects.MapPost("/{id:guid}/bids", async (Guid id, BidDraft bid, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var bidId = await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).SubmitBid(bid, user.ToActor()));
                return Results.Created($"/api/v1/projects/{id}/bids/{bidId}", new Created(bidId));
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Submit or amend the organization's sealed bid");

        projects.MapDelete("/{id:guid}/bids/{bidId:guid}", async (Guid id, Guid bidId, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).WithdrawBid(bidId, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Withdraw the organization's bid before the deadline");

        projects.MapGet("/{id:guid}/bids", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await BidQueries.GetAsync(db, user, id, ct) is { } bids ? Results.Ok(bids) : NotFound("project"))
            .AllowAnonymous().WithSummary("Bids under the sealing rules");

        projects.MapPost("/{id:guid}/evaluators", async (Guid id, AssignEvaluatorsRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).AssignEvaluators(body.EvaluatorIds ?? [], user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Assign evaluators");

        projects.MapPost("/{id:guid}/declaration", async (Guid id, DeclarationRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).DeclareConflict(body.HasConflict, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Evaluator).WithSummary("Declare a conflict of interest, or none, before seeing bids");

        projects.MapPost("/{id:guid}/bids/{bidId:guid}/scores", async (Guid id, Guid bidId, ScoreRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IProjectGrain>(id).ScoreBid(bidId, body.Scores ?? [], body.DeclareNoConflict, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Evaluator).WithSummary("Score every criterion of a bid (0–100)");

        projects.MapGet("/{id:guid}/ranking", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await BidQueries.RankingAsync(db, user, id, ct) is { } r ? Results.Ok(r) : NotFound("project"))
            .RequireAuthorization(p => p.RequireRole(Roles.UnionAdmin, Roles.PlatformAdmin)).WithSummary("Ranking with each evaluator's scores and the spread");

        projects.MapPost("/{id:guid}/award", async (Guid id, AwardRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var outcome = await commands.RunAsync(g => g.AwardAsync(id, body.BidId, body.Reason, user.ToActor()));
                return outcome.ContractId is { } contractId
                    ? Results.Created($"/api/v1/contracts/{contractId}", new Created(contractId))
                    : Results.Accepted($"/api/v1/projects/{id}", outcome);
            })
            .RequireAuthorization(Roles.UnionAdmin)
            .WithSummary("Choose the award: 202 while it is published for objections (中标公示, until publicityEndsAt); 201 with the contract where the union publishes none");

        projects.MapGet("/{id:guid}/audit", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await BidQueries.AuditAsync(db, user, id, ct) is { } a ? Results.Ok(a) : NotFound("project"))
            .RequireAuthorization(p => p.RequireRole(Roles.UnionAdmin, Roles.PlatformAdmin)).WithSummary("The project's hash-chained audit trail");
    }

    /// <summary>The same answer for "does not exist" and "you may not know it exists".</summary>
    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The {what} does not exist.",
            extensions: new Dictionary<string, object?> { ["code"] = $"{what}.not_found" });
}
