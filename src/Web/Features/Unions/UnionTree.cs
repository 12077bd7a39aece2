using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;

namespace Procurement.Web.Features.Unions;

public sealed record UnionNode(Guid Id, string Name, string NameEn, UnionLevel Level, string RegionCode, IReadOnlyList<UnionNode> Children);

public static class UnionTree
{
    /// <summary>The whole union tree, roots first; one query, assembled in memory (a province has ~150 unions).</summary>
    public static async Task<IReadOnlyList<UnionNode>> LoadAsync(ProcurementDb db, CancellationToken ct)
    {
        var all = await db.Unions.AsNoTracking().OrderBy(u => u.Level).ThenBy(u => u.RegionCode).ThenBy(u => u.Name)
            .Select(u => new { u.Id, u.ParentId, u.Name, u.NameEn, u.Level, u.RegionCode }).ToListAsync(ct);
        var children = all.ToLookup(u => u.ParentId);
        UnionNode Build(Guid id, string name, string nameEn, UnionLevel level, string region) =>
            new(id, name, nameEn, level, region, [.. children[id].Select(c => Build(c.Id, c.Name, c.NameEn, c.Level, c.RegionCode))]);
        return [.. children[null].Select(r => Build(r.Id, r.Name, r.NameEn, r.Level, r.RegionCode))];
    }

    public static void MapUnionTree(this IEndpointRouteBuilder api) =>
        api.MapGet("/unions", (ProcurementDb db, CancellationToken ct) => LoadAsync(db, ct))
            .AllowAnonymous().WithTags("Unions").WithSummary("The union tree (public)");
}
