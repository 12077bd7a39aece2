using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Contracts;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Home;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Dashboard;

public sealed record StageCount(ProjectStatus Status, int Count);
public sealed record GradeCount(ReviewGrade Grade, int Count);
public sealed record LateMilestone(Guid ContractId, string Title, string Organization, string Deliverable, DateOnly DueDate, int DaysLate, long AmountFen);

/// <summary>Beneficiaries' answers (服务评价) of a group of contracts: how many, the mean satisfaction (of 5), the share who would recommend.</summary>
public sealed record FeedbackGroup(string Name, string NameEn, int Count, double Mean, double RecommendShare)
{
    /// <summary>The name in the reader's language (the figures are cached for readers of both).</summary>
    public string Shown => Names.Pick(Name, NameEn);
}

/// <summary>
/// A union's working view of its subtree (or a brand within it): money, progress, grades, what is late, and what the
/// beneficiaries answered, by region and by brand.
/// </summary>
public sealed record DashboardView(Guid UnionId, string UnionName, Guid? BrandId, PlatformStats Totals, IReadOnlyList<StageCount> Stages,
    IReadOnlyList<GradeCount> Grades, IReadOnlyList<LateMilestone> Late, int ReviewsOpen, int ReportsToVerify,
    IReadOnlyList<FeedbackGroup> FeedbackByRegion, IReadOnlyList<FeedbackGroup> FeedbackByBrand);

public static class Dashboard
{
    /// <summary>The dashboard of <paramref name="unionId"/> (default: the caller's own union) if the caller administers it; else null.</summary>
    public static async Task<DashboardView?> LoadAsync(
        ProcurementDb db, AggregateCache cache, ClaimsPrincipal user, Guid? unionId, Guid? brandId, TimeProvider time, CancellationToken ct)
    {
        var id = unionId ?? user.GuidClaim(PortalClaims.UnionId);
        if (id is null) return null;
        var union = await db.Unions.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.Name, u.NameEn, u.Path }).FirstOrDefaultAsync(ct);
        if (union is null || !user.ManagesUnion(union.Path)) return null;
        // The figures are cached once for every reader; the union's name is the reader's language's.
        Task<DashboardView> Compute() => ComputeAsync(db, cache, (union.Id, union.Name, union.Path), brandId, time, CancellationToken.None);
        var view = await Stats.KnownAsync(db, null, brandId) ? await cache.GetAsync(("dashboard", union.Id, brandId), Compute) : await Compute();
        return view with { UnionName = Names.Pick(union.Name, union.NameEn) };
    }

    private static async Task<DashboardView> ComputeAsync(
        ProcurementDb db, AggregateCache cache, (Guid Id, string Name, string Path) union, Guid? brandId, TimeProvider time, CancellationToken ct)
    {
        var totals = await Stats.LoadAsync(db, cache, union.Id, brandId);
        var projects = db.Projects.AsNoTracking().Where(p => p.UnionPath.StartsWith(union.Path));
        var contracts = db.Contracts.AsNoTracking().Where(c => c.UnionPath.StartsWith(union.Path));
        if (brandId is { } b)
        {
            projects = projects.Where(p => p.BrandId == b);
            contracts = contracts.Where(c => db.Projects.Any(p => p.Id == c.ProjectId && p.BrandId == b));
        }
        var stages = await projects.GroupBy(p => p.Status).Select(g => new StageCount(g.Key, g.Count())).ToListAsync(ct);
        var grades = await contracts.SelectMany(c => c.Reviews).Where(r => r.Grade != null)
            .GroupBy(r => r.Grade!.Value).Select(g => new GradeCount(g.Key, g.Count())).ToListAsync(ct);
        var today = time.GetUtcNow().ToChinaDate();
        var late = await contracts.Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying)
            .SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Planned && m.DueDate < today),
                (c, m) => new { c.Id, c.Title, c.OrganizationId, c.AmountFen, m.Deliverable, m.DueDate, m.Sequence })
            .OrderBy(x => x.DueDate).Take(50)
            .Select(x => new { x.Id, x.Title, Organization = db.Organizations.Where(o => o.Id == x.OrganizationId).Select(o => o.Name).First(), x.Deliverable, x.DueDate, x.AmountFen, x.Sequence })
            .ToListAsync(ct);
        // Amounts by the contract rule (the last milestone takes the rounding remainder), from the late contracts' shares.
        var lateIds = late.Select(x => x.Id).Distinct().ToList();
        var shares = (await db.Milestones.AsNoTracking().Where(m => lateIds.Contains(m.ContractId))
            .Select(m => new { m.ContractId, m.Sequence, m.SharePercent }).ToListAsync(ct))
            .ToLookup(m => m.ContractId, m => (m.Sequence, m.SharePercent));
        var reviewsOpen = await contracts.SelectMany(c => c.Reviews).CountAsync(r => r.Status == ReviewStatus.Open, ct);
        var toVerify = await contracts.SelectMany(c => c.Milestones).CountAsync(m => m.Status == MilestoneStatus.Reported, ct);
        var (feedbackByRegion, feedbackByBrand) = await FeedbackAsync(db, contracts, union.Path, ct);

        return new DashboardView(union.Id, union.Name, brandId, totals, [.. stages.OrderBy(s => s.Status)], [.. grades.OrderBy(g => g.Grade)],
            [.. late.Select(x => new LateMilestone(x.Id, x.Title, x.Organization, x.Deliverable, x.DueDate, today.DayNumber - x.DueDate.DayNumber,
                ContractRules.MilestoneAmount(x.AmountFen, [.. shares[x.Id]], x.Sequence)))],
            reviewsOpen, toVerify, feedbackByRegion, feedbackByBrand);
    }

    /// <summary>The answers on the scope's contracts, rolled up to the unions one level below it and grouped by brand.</summary>
    private static async Task<(List<FeedbackGroup> ByRegion, List<FeedbackGroup> ByBrand)> FeedbackAsync(
        ProcurementDb db, IQueryable<Contract> contracts, string path, CancellationToken ct)
    {
        var tallies = await contracts.Join(db.Projects, c => c.ProjectId, p => p.Id, (c, p) => new { c.Id, c.UnionPath, p.BrandId })
            .Join(db.Feedback, c => c.Id, f => f.ContractId, (c, f) => new { c.UnionPath, c.BrandId, f.Satisfaction, f.WouldRecommend })
            .GroupBy(x => new { x.UnionPath, x.BrandId })
            .Select(g => new { g.Key.UnionPath, g.Key.BrandId, Count = g.Count(), Sum = g.Sum(x => x.Satisfaction), Recommend = g.Count(x => x.WouldRecommend) })
            .ToListAsync(ct);
        var depth = Stats.RegionDepth(path);
        var regions = tallies.GroupBy(t => Stats.RegionKey(t.UnionPath, depth)).Where(g => g.Key is not null).ToList();
        var regionIds = regions.Select(g => g.Key!.Value).ToList();
        var unionNames = await db.Unions.Where(u => regionIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => (u.Name, u.NameEn), ct);
        var brands = tallies.Where(t => t.BrandId is not null).GroupBy(t => t.BrandId!.Value).ToList();
        var brandIds = brands.Select(g => g.Key).ToList();
        var brandNames = await db.Brands.Where(b => brandIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        FeedbackGroup Group((string Name, string NameEn) name, IEnumerable<(int Count, int Sum, int Recommend)> rows)
        {
            var (count, sum, recommend) = rows.Aggregate((0, 0, 0), (a, r) => (a.Item1 + r.Count, a.Item2 + r.Sum, a.Item3 + r.Recommend));
            return new FeedbackGroup(name.Name, name.NameEn, count, count == 0 ? 0 : sum / (double)count, count == 0 ? 0 : recommend / (double)count);
        }
        return (
            [.. regions.Where(g => unionNames.ContainsKey(g.Key!.Value)).Select(g => Group(unionNames[g.Key!.Value], g.Select(t => (t.Count, t.Sum, t.Recommend))))
                .OrderByDescending(g => g.Count)],
            [.. brands.Where(g => brandNames.ContainsKey(g.Key)).Select(g => Group((brandNames[g.Key], brandNames[g.Key]), g.Select(t => (t.Count, t.Sum, t.Recommend))))
                .OrderByDescending(g => g.Count)]);
    }

    /// <summary>
    /// The dashboard as a download in the reader's language: its figures (metric, value), then the late milestones; stage
    /// and grade names from the resources, money in yuan with two decimals (<see cref="Exports"/>).
    /// </summary>
    public static Task<IResult> ExportAsync(DashboardView d, string format, IStringLocalizer<SharedResource> text, TimeProvider time, CancellationToken ct)
    {
        var t = d.Totals;
        (string Metric, object Value)[] figures =
        [
            (text["Csv_Union"], d.UnionName),
            (text["Csv_ProvincialYuan"], Exports.Yuan(t.Funding.ProvincialFen)),
            (text["Csv_LocalYuan"], Exports.Yuan(t.Funding.LocalFen)),
            (text["Csv_OtherYuan"], Exports.Yuan(t.Funding.OtherFen)),
            (text["Csv_CommittedYuan"], Exports.Yuan(t.ContractedFen)),
            (text["Csv_PaidYuan"], Exports.Yuan(t.PaidFen)),
            (text["Csv_Served"], t.BeneficiariesServed),
            (text["Csv_Targeted"], t.BeneficiariesTargeted),
            .. d.Stages.Select(s => ((string)text["Csv_ProjectsIn", text["Status_" + s.Status]], (object)s.Count)),
            .. d.Grades.Select(g => ((string)text["Csv_ReviewsGraded", text["Grade_" + g.Grade]], (object)g.Count)),
        ];
        return Exports.FileAsync("dashboard", format, time, ct,
            ExportTable.Of<(string Metric, object Value)>(text["Export_SheetFigures"],
                [new(text["Csv_Metric"], f => f.Metric), new(text["Csv_Value"], f => f.Value)], figures),
            ExportTable.Of<LateMilestone>(text["Export_SheetLate"],
            [
                new(text["Csv_LateContract"], l => l.Title),
                new(text["Csv_Organization"], l => l.Organization),
                new(text["Csv_Deliverable"], l => l.Deliverable),
                new(text["Csv_Due"], l => l.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new(text["Csv_DaysLate"], l => l.DaysLate),
                new(text["Csv_AmountYuan"], l => l.AmountFen, IsMoney: true),
            ], d.Late));
    }

    public static void MapDashboard(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboard", async (Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
                await LoadAsync(db, cache, user, unionId, brandId, time, ct) is { } d ? Results.Ok(d) : ProjectEndpoints.NotFound("union"))
            .RequireAuthorization(Roles.UnionAdmin).WithTags("Dashboard").WithSummary("A union subtree's (or brand's) money, progress, grades and late milestones");
        api.MapGet("/dashboard." + Exports.Extension, async (string format, Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache, ClaimsPrincipal user,
                TimeProvider time, IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                await LoadAsync(db, cache, user, unionId, brandId, time, ct) is { } d ? await ExportAsync(d, format, text, time, ct) : ProjectEndpoints.NotFound("union"))
            .RequireAuthorization(Roles.UnionAdmin).WithTags("Dashboard")
            .WithSummary("The dashboard as a spreadsheet (format xlsx or csv): its figures, then the late milestones");
    }
}
