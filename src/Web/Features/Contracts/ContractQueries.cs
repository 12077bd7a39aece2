using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Projects;

namespace Procurement.Web.Features.Contracts;

public sealed record MilestoneView(Guid Id, int Sequence, string Deliverable, DateOnly DueDate, int SharePercent, long AmountFen, MilestoneStatus Status);

public sealed record ContractView(Guid Id, Guid ProjectId, string Title, Guid UnionId, string UnionName, Guid OrganizationId, string OrganizationName,
    long AmountFen, long PaidFen, int TargetBeneficiaries, int TargetSessions, int BeneficiariesServed, int SessionsHeld,
    DateOnly PeriodStart, DateOnly PeriodEnd, ContractStatus Status, DateTimeOffset SignedAt, IReadOnlyList<MilestoneView> Milestones);

public static class ContractQueries
{
    public static async Task<ContractView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var c = await db.ContractsFor(user).AsNoTracking().Include(x => x.Milestones).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var union = await db.Unions.Where(u => u.Id == c.UnionId).Select(u => u.Name).FirstAsync(ct);
        var organization = await db.Organizations.Where(o => o.Id == c.OrganizationId).Select(o => o.Name).FirstAsync(ct);
        return new ContractView(c.Id, c.ProjectId, c.Title, c.UnionId, union, c.OrganizationId, organization, c.AmountFen, c.PaidFen,
            c.TargetBeneficiaries, c.TargetSessions, c.BeneficiariesServed, c.SessionsHeld, c.PeriodStart, c.PeriodEnd, c.Status, c.SignedAt,
            [.. c.Milestones.OrderBy(m => m.Sequence).Select(m => new MilestoneView(m.Id, m.Sequence, m.Deliverable, m.DueDate, m.SharePercent,
                c.AmountFen * m.SharePercent / 100, m.Status))]);
    }

    public static void MapContracts(this IEndpointRouteBuilder api) =>
        api.MapGet("/contracts/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await GetAsync(db, user, id, ct) is { } c ? Results.Ok(c) : ProjectEndpoints.NotFound("contract"))
            .RequireAuthorization().WithTags("Contracts").WithSummary("A contract, for its union and its organization");
}
