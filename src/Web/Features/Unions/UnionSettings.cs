using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Unions;

/// <summary>A union's own rules: <see cref="AwardPublicityWorkingDays"/> null follows the platform's <see cref="DefaultWorkingDays"/>.</summary>
public sealed record UnionSettingsView(Guid UnionId, string UnionName, int? AwardPublicityWorkingDays, int DefaultWorkingDays);

public sealed record UnionSettingsRequest(int? AwardPublicityWorkingDays);

public static class UnionSettings
{
    /// <summary>The platform's award publicity where a union set none (<c>Rules:AwardPublicityWorkingDays</c>, read as the Silo reads it).</summary>
    public static int DefaultWorkingDays(IConfiguration config) =>
        (config.GetSection("Rules").Get<ProcurementRulesOptions>() ?? new ProcurementRulesOptions()).AwardPublicityWorkingDays;

    /// <summary>A union's settings for an admin of it or of a union above it; null for anyone else.</summary>
    public static async Task<UnionSettingsView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid unionId, IConfiguration config, CancellationToken ct)
    {
        var union = await db.Unions.AsNoTracking().Where(u => u.Id == unionId)
            .Select(u => new { u.Id, u.Name, u.NameEn, u.Path, u.AwardPublicityWorkingDays }).FirstOrDefaultAsync(ct);
        return union is null || !user.ManagesUnion(union.Path) ? null
            : new UnionSettingsView(union.Id, Names.Pick(union.Name, union.NameEn), union.AwardPublicityWorkingDays, DefaultWorkingDays(config));
    }

    public static void MapUnionSettings(this IEndpointRouteBuilder api)
    {
        var settings = api.MapGroup("/unions/{id:guid}/settings").WithTags("Unions")
            .RequireAuthorization(p => p.RequireRole(Roles.UnionAdmin, Roles.PlatformAdmin));

        settings.MapGet("", async (Guid id, ProcurementDb db, ClaimsPrincipal user, IConfiguration config, CancellationToken ct) =>
                await GetAsync(db, user, id, config, ct) is { } view ? Results.Ok(view) : Projects.ProjectEndpoints.NotFound("union"))
            .WithSummary("A union's rules (the award publicity period in working days); its admins and those above it");

        settings.MapPut("", async (Guid id, UnionSettingsRequest body, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<IUnionGrain>(id).SetAwardPublicity(body.AwardPublicityWorkingDays, user.ToActor()));
                return Results.NoContent();
            })
            .WithSummary($"Set the award publicity (0–{Awards.MaxPublicityWorkingDays} working days; 0 makes an award final at once; null follows the platform)");
    }
}
