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

/// <summary>
/// Workers' needs (职工点菜) of a scope: how many were posted, accepted (made public), taken up by a project, and how many
/// people the contracts of those projects served so far (each project counted once).
/// </summary>
public sealed record NeedStats(int Received, int Accepted, int InProjects, int Served);

public sealed record RegionNeedFigure(Guid UnionId, string Name, string NameEn, NeedStats Needs);

/// <summary>The needs taken up by a brand's projects, and the people those projects served.</summary>
public sealed record BrandNeedFigure(Guid BrandId, string Name, int InProjects, int Served);

/// <summary>Public aggregates: nothing here identifies a bid, a bidder before award, a worker or a beneficiary.</summary>
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
    IReadOnlyList<BrandFigure> ByBrand,
    NeedStats Needs,
    IReadOnlyList<RegionNeedFigure> NeedsByRegion,
    IReadOnlyList<BrandNeedFigure> NeedsByBrand);

public static class Stats
{
    /// <summary>Aggregates for the whole platform, a union's subtree, or a brand: a handful of grouped queries, no per-row work.</summary>
    /// <remarks>
    /// Held in the cache only for a union and brand that exist: ids made up in a query string count nothing, are computed at
    /// once (every query then matches no row) and must not grow the cache.
    /// </remarks>
    public static async Task<PlatformStats> LoadAsync(ProcurementDb db, AggregateCache cache, Guid? unionId, Guid? brandId) =>
        await KnownAsync(db, unionId, brandId)
            ? await cache.GetAsync(("stats", unionId, brandId), () => ComputeAsync(db, unionId, brandId, CancellationToken.None))
            : await ComputeAsync(db, unionId, brandId, CancellationToken.None);

    /// <summary>Whether the union and the brand asked for (either may be none) exist: the condition for caching figures keyed by them.</summary>
    public static async Task<bool> KnownAsync(ProcurementDb db, Guid? unionId, Guid? brandId) =>
        (unionId is not { } u || await db.Unions.AnyAsync(x => x.Id == u)) && (brandId is not { } b || await db.Brands.AnyAsync(x => x.Id == b));

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
        var depth = RegionDepth(path);
        var rolled = byPath.GroupBy(r => RegionKey(r.Path, depth)).Where(g => g.Key is not null)
            .Select(g => new { Id = g.Key!.Value, Count = g.Sum(r => r.Count), Budget = g.Sum(r => r.Budget) }).ToList();
        var (needs, needsByRegion, needsByBrand) = await NeedsAsync(db, path, brandId, depth, ct);
        var regionIds = rolled.Select(r => r.Id).Concat(needsByRegion.Keys).Distinct().ToList();
        var brandIds = byBrand.Select(r => r.Brand).Concat(needsByBrand.Select(b => b.Brand)).Distinct().ToList();
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
                .OrderByDescending(r => r.BudgetFen)],
            needs,
            [.. needsByRegion.Where(r => unionNames.ContainsKey(r.Key)).Select(r => new RegionNeedFigure(r.Key, unionNames[r.Key].Name, unionNames[r.Key].NameEn, r.Value))
                .OrderByDescending(r => r.Needs.Received)],
            [.. needsByBrand.Where(r => brandNames.ContainsKey(r.Brand)).Select(r => new BrandNeedFigure(r.Brand, brandNames[r.Brand], r.InProjects, r.Served))
                .OrderByDescending(r => r.InProjects)]);
    }

    /// <summary>
    /// The needs of a scope (a brand: those its projects took up), in total, by region (rolled up as the projects are)
    /// and by brand. Served counts each project's beneficiaries once, however many needs it answers.
    /// </summary>
    private static async Task<(NeedStats Total, Dictionary<Guid, NeedStats> ByRegion, List<(Guid Brand, int InProjects, int Served)> ByBrand)> NeedsAsync(
        ProcurementDb db, string path, Guid? brandId, int depth, CancellationToken ct)
    {
        var needs = db.Needs.AsNoTracking().Where(n => n.UnionPath.StartsWith(path));
        if (brandId is { } b) needs = needs.Where(n => db.Projects.Any(p => p.Id == n.ProjectId && p.BrandId == b));
        var byPath = await needs.GroupBy(n => n.UnionPath).Select(g => new
        {
            Path = g.Key, Received = g.Count(),
            Accepted = g.Count(n => n.Status == NeedStatus.Accepted || n.Status == NeedStatus.Planned || n.Status == NeedStatus.InProgress || n.Status == NeedStatus.NotFeasible),
            InProjects = g.Count(n => n.ProjectId != null),
        }).ToListAsync(ct);
        // One row per (union, project, brand): a project's served people, once per union whose needs it answers.
        var served = await needs.Where(n => n.ProjectId != null)
            .Join(db.Projects, n => n.ProjectId, p => (Guid?)p.Id, (n, p) => new { n.UnionPath, ProjectId = p.Id, p.BrandId })
            .Distinct()
            .Select(x => new { x.UnionPath, x.ProjectId, x.BrandId, Served = db.Contracts.Where(c => c.ProjectId == x.ProjectId).Sum(c => c.BeneficiariesServed) })
            .ToListAsync(ct);

        var total = new NeedStats(byPath.Sum(r => r.Received), byPath.Sum(r => r.Accepted), byPath.Sum(r => r.InProjects),
            served.DistinctBy(s => s.ProjectId).Sum(s => s.Served));
        var byRegion = byPath.Select(r => (Key: RegionKey(r.Path, depth), r.Received, r.Accepted, r.InProjects)).Where(r => r.Key is not null)
            .GroupBy(r => r.Key!.Value)
            .ToDictionary(g => g.Key, g => new NeedStats(g.Sum(r => r.Received), g.Sum(r => r.Accepted), g.Sum(r => r.InProjects),
                served.Where(s => RegionKey(s.UnionPath, depth) == g.Key).DistinctBy(s => s.ProjectId).Sum(s => s.Served)));
        // A brand's needs: those its projects took up (counted from the needs, not the projects).
        var inBrand = await needs.Where(n => n.ProjectId != null).Join(db.Projects.Where(p => p.BrandId != null), n => n.ProjectId, p => (Guid?)p.Id, (n, p) => p.BrandId!.Value)
            .GroupBy(x => x).Select(g => new { Brand = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Brand, g => g.Count, ct);
        var byBrand = served.Where(s => s.BrandId is not null).GroupBy(s => s.BrandId!.Value)
            .Select(g => (Brand: g.Key, InProjects: inBrand.GetValueOrDefault(g.Key), Served: g.DistinctBy(s => s.ProjectId).Sum(s => s.Served))).ToList();
        return (total, byRegion, byBrand);
    }

    /// <summary>The depth a scope's figures are rolled up to: the unions one level below it, the cities for the whole platform.</summary>
    public static int RegionDepth(string scopePath) => Math.Max(scopePath.Count(c => c == '/') - 1, 1);

    /// <summary>The id at the given depth of a union path ("/a/b/c/" at depth 1 is b), or the deepest one when the path is shorter.</summary>
    public static Guid? RegionKey(string path, int depth)
    {
        var ids = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (ids.Length == 0) return null;
        return Guid.ParseExact(ids[Math.Min(depth, ids.Length - 1)], "N");
    }

    public static void MapStats(this IEndpointRouteBuilder api) =>
        api.MapGet("/stats", (Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache) => LoadAsync(db, cache, unionId, brandId))
            .AllowAnonymous().WithTags("Statistics").WithSummary("Public aggregates per union subtree and brand");
}
