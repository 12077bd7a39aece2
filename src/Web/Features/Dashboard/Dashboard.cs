using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Contracts;
using Procurement.Storage;
using Procurement.Web.Features.Home;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Dashboard;

public sealed record StageCount(ProjectStatus Status, int Count);
public sealed record GradeCount(ReviewGrade Grade, int Count);
public sealed record LateMilestone(Guid ContractId, string Title, string Organization, string Deliverable, DateOnly DueDate, int DaysLate, long AmountFen);

/// <summary>A union's working view of its subtree (or a brand within it): money, progress, grades and what is late.</summary>
public sealed record DashboardView(Guid UnionId, string UnionName, Guid? BrandId, PlatformStats Totals, IReadOnlyList<StageCount> Stages,
    IReadOnlyList<GradeCount> Grades, IReadOnlyList<LateMilestone> Late, int ReviewsOpen, int ReportsToVerify);

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
        var view = await cache.GetAsync(("dashboard", union.Id, brandId),
            () => ComputeAsync(db, cache, (union.Id, union.Name, union.Path), brandId, time, CancellationToken.None));
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
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToChina().Date);
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

        return new DashboardView(union.Id, union.Name, brandId, totals, [.. stages.OrderBy(s => s.Status)], [.. grades.OrderBy(g => g.Grade)],
            [.. late.Select(x => new LateMilestone(x.Id, x.Title, x.Organization, x.Deliverable, x.DueDate, today.DayNumber - x.DueDate.DayNumber,
                ContractRules.MilestoneAmount(x.AmountFen, [.. shares[x.Id]], x.Sequence)))],
            reviewsOpen, toVerify);
    }

    /// <summary>
    /// The dashboard as CSV in the reader's language (UTF-8 with BOM so spreadsheet programs read the Chinese): headers and
    /// stage and grade names from the resources, money in yuan with two decimals, dates in China time.
    /// </summary>
    public static byte[] ToCsv(DashboardView d, IStringLocalizer<SharedResource> text)
    {
        static string Yuan(long fen) => new Money(fen).Yuan.ToString("0.00", CultureInfo.InvariantCulture);
        static string Cell(string s) => s.Contains(',') || s.Contains('"') || s.Contains('\n') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
        string Row(params string[] cells) => string.Join(',', cells.Select(Cell));
        var t = d.Totals;
        var csv = new StringBuilder();
        csv.AppendLine(Row(text["Csv_Metric"], text["Csv_Value"]));
        csv.AppendLine(Row(text["Csv_Union"], d.UnionName));
        csv.AppendLine(Row(text["Csv_ProvincialYuan"], Yuan(t.Funding.ProvincialFen)));
        csv.AppendLine(Row(text["Csv_LocalYuan"], Yuan(t.Funding.LocalFen)));
        csv.AppendLine(Row(text["Csv_OtherYuan"], Yuan(t.Funding.OtherFen)));
        csv.AppendLine(Row(text["Csv_CommittedYuan"], Yuan(t.ContractedFen)));
        csv.AppendLine(Row(text["Csv_PaidYuan"], Yuan(t.PaidFen)));
        csv.AppendLine(Row(text["Csv_Served"], t.BeneficiariesServed.ToString(CultureInfo.InvariantCulture)));
        csv.AppendLine(Row(text["Csv_Targeted"], t.BeneficiariesTargeted.ToString(CultureInfo.InvariantCulture)));
        foreach (var s in d.Stages) csv.AppendLine(Row(text["Csv_ProjectsIn", text["Status_" + s.Status]], s.Count.ToString(CultureInfo.InvariantCulture)));
        foreach (var g in d.Grades) csv.AppendLine(Row(text["Csv_ReviewsGraded", text["Grade_" + g.Grade]], g.Count.ToString(CultureInfo.InvariantCulture)));
        csv.AppendLine();
        csv.AppendLine(Row(text["Csv_LateContract"], text["Csv_Organization"], text["Csv_Deliverable"], text["Csv_Due"], text["Csv_DaysLate"], text["Csv_AmountYuan"]));
        foreach (var l in d.Late)
            csv.AppendLine(Row(l.Title, l.Organization, l.Deliverable, l.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                l.DaysLate.ToString(CultureInfo.InvariantCulture), Yuan(l.AmountFen)));
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public static void MapDashboard(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboard", async (Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache, ClaimsPrincipal user, TimeProvider time, CancellationToken ct) =>
                await LoadAsync(db, cache, user, unionId, brandId, time, ct) is { } d ? Results.Ok(d) : ProjectEndpoints.NotFound("union"))
            .RequireAuthorization(Roles.UnionAdmin).WithTags("Dashboard").WithSummary("A union subtree's (or brand's) money, progress, grades and late milestones");
        api.MapGet("/dashboard.csv", async (Guid? unionId, Guid? brandId, ProcurementDb db, AggregateCache cache, ClaimsPrincipal user, TimeProvider time,
                IStringLocalizer<SharedResource> text, CancellationToken ct) =>
                await LoadAsync(db, cache, user, unionId, brandId, time, ct) is { } d
                    ? Results.File(ToCsv(d, text), "text/csv; charset=utf-8", $"dashboard-{time.GetUtcNow().ToChinaString("yyyyMMdd")}.csv")
                    : ProjectEndpoints.NotFound("union"))
            .RequireAuthorization(Roles.UnionAdmin).WithTags("Dashboard").WithSummary("The dashboard as CSV");
    }
}
