using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;

namespace Procurement.Bench;

public sealed record OpenProject(Guid Id, long BudgetFen, DateOnly ServiceStart, DateOnly ServiceEnd);

public sealed record PortalSample(string AdminEmail, Guid[] ProjectIds, Guid[] ContractIds, string Category);

public sealed record ReportableMilestone(Guid ContractId, Guid MilestoneId, string MemberEmail);

/// <summary>
/// Who acts in a scenario and on what, read from the generated data: eligible bidders and open projects, what a union
/// administrator's pages show, milestones still to be reported.
/// </summary>
public static class Workload
{
    /// <summary>Member accounts of approved registered organizations (eligible for any project), most social workers first.</summary>
    public static Task<List<(string Email, int SocialWorkers)>> BiddersAsync(IServiceProvider db, int count) => db.QueryAsync(async d =>
    {
        var rows = await (from u in d.Users
                          join o in d.Organizations on u.OrganizationId equals o.Id
                          where o.Status == OrganizationStatus.Approved && o.Kind == OrganizationKind.Registered
                          orderby o.CertifiedSocialWorkers descending, u.Email
                          select new { u.Email, o.Id, o.CertifiedSocialWorkers }).Take(count * 4).ToListAsync();
        // One member per organization: two members of one organization would amend the same bid.
        return rows.DistinctBy(r => r.Id).Take(count).Select(r => (r.Email!, r.CertifiedSocialWorkers)).ToList();
    });

    /// <summary>Published projects still taking bids for at least <paramref name="openFor"/>.</summary>
    public static Task<List<OpenProject>> OpenProjectsAsync(IServiceProvider db, TimeSpan openFor, int minSocialWorkers) => db.QueryAsync(async d =>
    {
        var now = DateTimeOffset.UtcNow;
        var until = now + openFor;
        var rows = await d.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Published && p.MinCertifiedSocialWorkers <= minSocialWorkers)
            .Select(p => new { p.Id, p.BudgetFen, p.ServiceStart, p.ServiceEnd, p.BidOpensAt, p.BidClosesAt })
            .ToListAsync();
        // Compared here: SQLite cannot order or compare DateTimeOffset in SQL.
        return rows.Where(p => p.BidOpensAt <= now && p.BidClosesAt > until)
            .Select(p => new OpenProject(p.Id, p.BudgetFen, p.ServiceStart, p.ServiceEnd)).ToList();
    });

    /// <summary>The body of a valid bid for <paramref name="project"/>; <paramref name="n"/> makes each one different.</summary>
    public static object Bid(OpenProject project, long n)
    {
        var amount = Math.Max(100_00, project.BudgetFen / 2 - n % 1000 * 100);
        return new
        {
            plan = $"服务方案第 {n} 版：开展职工心理健康讲座与个案咨询，建立服务档案并按季度回访。",
            amountFen = amount,
            budgetLines = new[] { new { item = "人员经费", amountFen = amount * 6 / 10 }, new { item = "活动经费", amountFen = amount - amount * 6 / 10 } },
            milestones = new[]
            {
                new { deliverable = "完成需求调研并开通服务", dueDate = project.ServiceStart.AddDays(1), sharePercent = 40 },
                new { deliverable = "全年服务总结报告", dueDate = project.ServiceEnd, sharePercent = 60 },
            },
            targetBeneficiaries = 800,
            targetSessions = 24,
            team = "持证社工3名，心理咨询师2名",
        };
    }

    /// <summary>The administrator of the union with the largest subtree, and what their pages show.</summary>
    public static Task<PortalSample> PortalAsync(IServiceProvider db) => db.QueryAsync(async d =>
    {
        var admins = await (from u in d.Users
                            join n in d.Unions on u.UnionId equals n.Id
                            where u.UnionId != null
                            select new { u.Email, n.Path, n.Level }).ToListAsync();
        var admin = admins.OrderBy(a => a.Level).ThenBy(a => a.Email).First();
        var projects = await d.Projects.AsNoTracking().Where(p => p.Status != ProjectStatus.Draft && p.UnionPath.StartsWith(admin.Path))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(500).ToArrayAsync();
        var contracts = await d.Contracts.AsNoTracking().Where(c => c.UnionPath.StartsWith(admin.Path))
            .OrderBy(c => c.Id).Select(c => c.Id).Take(500).ToArrayAsync();
        var category = await d.Projects.AsNoTracking().GroupBy(p => p.Category).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstAsync();
        return new PortalSample(admin.Email!, projects, contracts, category);
    });

    /// <summary>
    /// Planned milestones of active contracts with a member account of the contracted organization, from as few members
    /// as cover <paramref name="count"/> (each member signs in once: a password hash costs tens of milliseconds).
    /// </summary>
    public static Task<List<ReportableMilestone>> ReportableAsync(IServiceProvider db, int count) => db.QueryAsync(async d =>
    {
        var rows = await (from m in d.Milestones
                          join c in d.Contracts on m.ContractId equals c.Id
                          join u in d.Users on c.OrganizationId equals u.OrganizationId
                          where m.Status == MilestoneStatus.Planned && c.Status == ContractStatus.Active
                          select new { c.Id, MilestoneId = m.Id, u.Email }).ToListAsync();
        return rows.DistinctBy(r => r.MilestoneId).GroupBy(r => r.Email).OrderByDescending(g => g.Count()).ThenBy(g => g.Key)
            .SelectMany(g => g).Take(count).Select(r => new ReportableMilestone(r.Id, r.MilestoneId, r.Email!)).ToList();
    });

    /// <summary>A platform administrator (fires jobs).</summary>
    public static Task<string> PlatformAdminAsync(IServiceProvider db) => db.QueryAsync(async d =>
    {
        var role = await d.Roles.Where(r => r.Name == Roles.PlatformAdmin).Select(r => r.Id).FirstAsync();
        return await (from ur in d.UserRoles join u in d.Users on ur.UserId equals u.Id where ur.RoleId == role orderby u.Email select u.Email!).FirstAsync();
    });
}
