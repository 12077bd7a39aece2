using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Evaluators;

public sealed record TieView(Guid OrganizationId, string OrganizationName, string Nature, DateTimeOffset DeclaredAt);

public sealed record TieRequest(Guid? OrganizationId, string? Nature);

/// <summary>
/// 回避申报 under /api/v1/account/ties: an evaluator's own declared ties to organizations. A tie to a bidder or to a
/// contract's organization makes the grains refuse a declaration of no conflict, so it is detected, not only declared.
/// </summary>
public static class Ties
{
    public static Task<List<TieView>> ListAsync(ProcurementDb db, Guid evaluatorId, CancellationToken ct) =>
        db.EvaluatorTies.AsNoTracking().Where(t => t.EvaluatorId == evaluatorId)
            .Join(db.Organizations, t => t.OrganizationId, o => o.Id, (t, o) => new { Tie = t, o.Name })
            .OrderBy(x => x.Name)
            .Select(x => new TieView(x.Tie.OrganizationId, x.Name, x.Tie.Nature, x.Tie.DeclaredAt)).ToListAsync(ct);

    /// <summary>Declares the tie; an organization not chosen is a field error like any other.</summary>
    public static Task DeclareAsync(TieRequest body, GrainCommands commands, ClaimsPrincipal user)
    {
        if (body.OrganizationId is not { } organizationId)
            throw new RuleViolation("validation.failed", "Choose the organization.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["organizationId"] = ["required"] });
        var actor = user.ToActor();
        return commands.RunAsync(g => g.GetGrain<IEvaluatorGrain>(actor.UserId).DeclareTie(organizationId, body.Nature ?? "", actor));
    }

    public static Task WithdrawAsync(Guid organizationId, GrainCommands commands, ClaimsPrincipal user)
    {
        var actor = user.ToActor();
        return commands.RunAsync(g => g.GetGrain<IEvaluatorGrain>(actor.UserId).WithdrawTie(organizationId, actor));
    }

    public static void MapTies(this IEndpointRouteBuilder api)
    {
        var ties = api.MapGroup("/account/ties").WithTags("Accounts").RequireAuthorization(Roles.Evaluator);

        ties.MapGet("", (ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) => ListAsync(db, user.UserId()!.Value, ct))
            .WithSummary("The evaluator's declared ties to organizations (回避申报)");

        ties.MapPost("", async (TieRequest body, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await DeclareAsync(body, commands, user);
                return Results.NoContent();
            })
            .WithSummary("Declare (or re-describe) a tie to an organization; a tie to a bidder then refuses a declaration of no conflict");

        ties.MapDelete("/{organizationId:guid}", async (Guid organizationId, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await WithdrawAsync(organizationId, commands, user);
                return Results.NoContent();
            })
            .WithSummary("Withdraw a tie that has ended");
    }
}
