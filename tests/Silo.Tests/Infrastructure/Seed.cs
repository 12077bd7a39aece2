using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>The rows and inputs tests start from: a city union, approved organizations, a valid project and bid.</summary>
public static class Seed
{
    public const long BudgetFen = 1_000_000_00;
    public const long BidFen = 900_000_00;

    public static async Task<Union> UnionAsync(SiloNode node)
    {
        var id = Guid.NewGuid();
        var union = new Union
        {
            Id = id, Name = "哈尔滨市总工会", NameEn = "Harbin Federation of Trade Unions", Level = UnionLevel.City,
            RegionCode = "230100", Path = Union.ChildPath(null, id),
        };
        await node.DbAsync(db =>
        {
            db.Unions.Add(union);
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return union;
    }

    public static async Task<Guid[]> ApprovedOrganizationsAsync(SiloNode node, Union union, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToArray();
        var at = DateTimeOffset.UtcNow.AddDays(-30);
        await node.DbAsync(db =>
        {
            db.Organizations.AddRange(ids.Select((id, i) => new Organization
            {
                Id = id, Version = 1, Name = $"社会组织 {i + 1}", Kind = OrganizationKind.Registered, RegionCode = "230100",
                CertifiedSocialWorkers = 5, Volunteers = 20, Status = OrganizationStatus.Approved,
                ApprovedByUnionId = union.Id, RegisteredAt = at, ApprovedAt = at,
            }));
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return ids;
    }

    public static Actor Admin(Union union) => new(Guid.NewGuid(), Roles.UnionAdmin, union.Id, union.Path);

    public static Actor Member(Guid organizationId) => new(Guid.NewGuid(), Roles.OrganizationMember, OrganizationId: organizationId);

    /// <summary>A project that passes every draft rule: bidding open since an hour ago for a week, service for a year after it.</summary>
    public static ProjectDraft Project(Guid unionId, DateTimeOffset now)
    {
        // People enter deadlines to the minute; a whole-minute deadline also survives every store's time precision.
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        var closes = now.AddDays(7);
        var serviceStart = closes.ToChinaDate().AddDays(1);
        return new ProjectDraft(
            unionId, null, "职工心理关爱", "2026年职工心理健康服务项目", "为一线职工提供心理疏导。",
            ["一线职工"], ["道里区"], BudgetFen, 600_000_00, 400_000_00, 0, 1000, 40, false, 2,
            [new CriterionInput("服务方案", 60), new CriterionInput("报价", 40)],
            now.AddHours(-1), closes, serviceStart, serviceStart.AddYears(1).AddDays(-1));
    }

    /// <summary>A bid that passes every bid rule for <paramref name="project"/>.</summary>
    public static BidDraft Bid(ProjectDraft project, long amountFen = BidFen) => new(
        "每月两次团体辅导，全年个案咨询。", amountFen,
        [new BudgetLineInput("人员费用", amountFen)],
        [new MilestoneInput("中期报告", project.ServiceStart.AddMonths(6), 50), new MilestoneInput("结项报告", project.ServiceEnd, 50)],
        800, 30, "社工 3 名");

    /// <summary>Creates and publishes a project through its grain; returns its id and the draft it was made from.</summary>
    public static async Task<(Guid Id, ProjectDraft Draft)> PublishedProjectAsync(SiloNode node, Union union, DateTimeOffset? now = null)
    {
        var id = Guid.NewGuid();
        var draft = Project(union.Id, now ?? DateTimeOffset.UtcNow);
        var grain = node.Grains.GetGrain<IProjectGrain>(id);
        var admin = Admin(union);
        await grain.CreateDraft(draft, admin);
        await grain.Publish(admin);
        return (id, draft);
    }
}
