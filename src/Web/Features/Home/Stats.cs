using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;

namespace Procurement.Web.Features.Home;

public sealed record FundingBySource(long ProvincialFen, long LocalFen, long OtherFen)
{
    public long TotalFen => ProvincialFen + LocalFen + OtherFen;
}

public sealed record RegionFigure(Guid UnionId, string Name, string NameEn, int Projects, long BudgetFen);

public sealed record BrandFigure(Guid BrandId, string Name, int Projects, long BudgetFen);

/// <summary>Public aggregates: nothing here identifies a bid, a bidder before award, or a beneficiary.</summary>
public sealed record PlatformStats(
    FundingBySource Funding,
    int ApprovedOrganizations,
    int PublishedProjects,
    int OpenForBids,
    int Contracts,
    long ContractedFen,
    long PaidFen,
    int BeneficiariesServed,
    int BeneficiariesTargeted,
    IReadOnlyList<RegionFigure> ByRegion,
    IReadOnlyList<BrandFigure> ByBrand);

public static class Stats
{
    /// <summary>Aggregates for the whole platform, a union's subtree, or a brand: a handful of grouped queries, no per-row work.</summary>
    public static Task<PlatformStats> LoadAsync(ProcurementDb db, AggregateCache cache, Guid? unionId, Guid? brandId) =>
        cache.GetAsync(("stats", unionId, brandId), () => ComputeAsync(db, unionId, brandId, CancellationToken.None));

    private static async Task<PlatformStats> ComputeAsync(ProcurementDb db, Guid? unionId, Guid? brandId, CancellationToken ct)
    {
        var path = unionId is { } id ? await db.Unions.Where(u => u.Id == id).Select(u => u.Path).FirstOrDefaultAsync(ct) ?? "-" : "/";
        var projects = db.Projects.AsNoTracking().Where(p => Visibility.PublicStatuses.Contains(p.Status) && p.UnionPath.StartsWith(path));
        if (brandId is { } b) projects = projects.Where(p => p.BrandId == b);
        var contracts = db.Contracts.AsNoTracking().Where(c => c.UnionPath.StartsWith(path));
        if (brandId is { } b2) contracts = contracts.Where(c => db.Projects.Any(p => p.Id == c.ProjectId && p.BrandId == b2));

        var byPath = await projects.GroupBy(p => p.UnionPath).Select(g => new
        {
            Path = g.Key, Count = g.Count(), Budget = g.Sum(p => p.BudgetFen), Provincial = g.Sum(p => p.ProvincialFundingFen),
            Local = g.Sum(p => p.LocalFundingFen), Other = g.Sum(p => p.OtherFundingFen),
            Open = g.Count(p => p.Status == ProjectStatus.Published),
        }).ToListAsync(ct);
        var byBrand = await projects.Where(p => p.BrandId != null).GroupBy(p => p.BrandId!.Value)
            .Select(g => new { Brand = g.Key, Count = g.Count(), Budget = g.Sum(p => p.BudgetFen) }).ToListAsync(ct);
        var contractTotals = await contracts.GroupBy(_ => 1).Select(g => new
        {
            Count = g.Count(), Amount = g.Sum(c => c.AmountFen), Paid = g.Sum(c => c.PaidFen),
            Served = g.Sum(c => c.BeneficiariesServed), Targeted = g.Sum(c => c.TargetBeneficiaries),
        }).FirstOrDefaultAsync(ct);
        var organizations = await db.Organizations.CountAsync(o => o.Status == OrganizationStatus.Approved, ct);

        // Roll each project up to the union one level below the scope; the whole platform is shown by city, since a
        // comparison of a few provinces says little.
        var depth = Math.Max(path.Count(c => c == '/') - 1, 1);
        var rolled = byPath.GroupBy(r => RegionKey(r.Path, depth)).Where(g => g.Key is not null)
            .Select(g => new { Id = g.Key!.Value, Count = g.Sum(r => r.Count), Budget = g.Sum(r => r.Budget) }).ToList();
        var regionIds = rolled.Select(r => r.Id).ToList();
        var brandIds = byBrand.Select(r => r.Brand).ToList();
        var unionNames = await db.Unions.Where(u => regionIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => new { u.Name, u.NameEn }, ct);
        var brandNames = await db.Brands.Where(x => brandIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, x => x.Name, ct);

        return new PlatformStats(
            new FundingBySource(byPath.Sum(r => r.Provincial), byPath.Sum(r => r.Local), byPath.Sum(r => r.Other)),
            organizations,
            byPath.Sum(r => r.Count),
            byPath.Sum(r => r.Open),
            contractTotals?.Count ?? 0, contractTotals?.Amount ?? 0, contractTotals?.Paid ?? 0,
            contractTotals?.Served ?? 0, contractTotals?.Targeted ?? 0,
            [.. rolled.Where(r => unionNames.ContainsKey(r.Id)).Select(r => new RegionFigure(r.Id, unionNames[r.Id].Name, unionNames[r.Id].NameEn, r.Count, r.Budget))
                .OrderByDescending(r => r.BudgetFen)],
            [.. byBrand.Where(r => brandNames.ContainsKey(r.Brand)).Select(r => new BrandFigure(r.Brand, brandNames[r.Brand], r.Count, r.Budget))
                .OrderByDescending(r => r.BudgetFen)]);
    }

    /// <summary>The id at the given depth of a union path ("/a/b/c/" at depth 1 is b), or the deepest one when the path is shorter.</summary>
    private static Guid? RegionKey(string path, int depth)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0) return null;
        return Guid.ParseExact(ids[Math.Min(depth, ids.Length - 1)], "N");
    }

    public static void MapStats(this IEndpointRouteBuilder api) =>
        api.MapGet("/stats", (Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache) => LoadAsync(db, cache, unionId, brandId))
            .AllowAnonymous().WithTags("Statistics").WithSummary("Public aggregates per union subtree and brand");
}
