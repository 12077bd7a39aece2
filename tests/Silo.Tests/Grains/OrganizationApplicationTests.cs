using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Tests.Delivery;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Silo.Tests.Grains;

/// <summary>
/// An application is decided by a union whose region covers the organization's registered region; it can be returned
/// with a reason, and the applicant corrects and resubmits it.
/// </summary>
public sealed class OrganizationApplicationTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly OrganizationRegistration Application = new(
        "哈尔滨市道里区阳光社会工作服务中心", OrganizationKind.Registered, Uscc.Compose("52", "230102", "MJY12345"), "230102", "专注职工心理服务。",
        ["心理健康"], ["道里区"], 6, 40, "王敏", "0451-12345678");

    [Theory]
    [InlineData("230000", "230102", true)]  // a province covers its districts
    [InlineData("230100", "230102", true)]  // a city its own districts
    [InlineData("230100", "230100", true)]
    [InlineData("230102", "230102", true)]  // a district (and the street unions in it) itself
    [InlineData("230100", "230202", false)] // not another city's
    [InlineData("230102", "230103", false)] // nor a neighbouring district
    [InlineData("620000", "230102", false)]
    [InlineData("", "230102", true)]        // a national body covers every region
    public void A_union_covers_its_own_region_and_those_below_it(string union, string organization, bool covers) =>
        Assert.Equal(covers, Contact.RegionCovers(union, organization));

    private sealed record Applicant(Guid OrganizationId, Actor Member, IOrganizationGrain Grain);

    /// <summary>Registers the application through its grain, with one member account bound to it.</summary>
    private static async Task<Applicant> ApplyAsync(DeliveryWorld world, OrganizationRegistration application)
    {
        var id = Guid.NewGuid();
        var member = new AppUser { Id = Guid.NewGuid(), UserName = $"applicant-{id:N}@test.local", Email = $"applicant-{id:N}@test.local", OrganizationId = id };
        await world.Node.DbAsync(db =>
        {
            db.Users.Add(member);
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        var actor = new Actor(member.Id, Roles.OrganizationMember, OrganizationId: id);
        var grain = world.Node.Grains.GetGrain<IOrganizationGrain>(id);
        await grain.Register(application, actor);
        return new Applicant(id, actor, grain);
    }

    private static async Task<Actor> AdminOfAsync(DeliveryWorld world, string name, string regionCode)
    {
        var union = new Union { Id = Guid.NewGuid(), Name = name, Level = UnionLevel.City, RegionCode = regionCode };
        union.Path = Union.ChildPath(null, union.Id);
        await world.Node.DbAsync(db =>
        {
            db.Unions.Add(union);
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return new Actor(Guid.NewGuid(), Roles.UnionAdmin, union.Id, union.Path);
    }

    private static Task<Organization> LoadAsync(DeliveryWorld world, Guid id) =>
        world.Node.DbAsync(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id, TestContext.Current.CancellationToken));

    /// <summary>A union of <paramref name="regionCode"/> with, when asked, one admin account; returns the account's id.</summary>
    private static async Task<Guid?> UnionWithAdminAsync(DeliveryWorld world, string regionCode, bool withAdmin = true)
    {
        var union = new Union { Id = Guid.NewGuid(), Name = $"工会 {regionCode}", Level = UnionLevel.City, RegionCode = regionCode };
        union.Path = Union.ChildPath(null, union.Id);
        var admin = new AppUser { Id = Guid.NewGuid(), UserName = $"admin-{union.Id:N}@test.local", UnionId = union.Id };
        await world.Node.DbAsync(db =>
        {
            db.Unions.Add(union);
            if (withAdmin) db.Users.Add(admin);
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return withAdmin ? admin.Id : null;
    }

    [Fact]
    public async Task An_application_and_its_resubmission_are_told_to_the_admins_of_the_nearest_union_covering_its_region()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, dispatch: true);
        var province = await UnionWithAdminAsync(world, "230000");
        await UnionWithAdminAsync(world, "230102", withAdmin: false); // the district's union has no account yet
        var lanzhou = await UnionWithAdminAsync(world, "620100");
        var cityAdmin = (await world.Node.DbAsync(db => db.Users.Where(u => u.UnionId == world.Union.Id).Select(u => u.Id)
            .SingleAsync(TestContext.Current.CancellationToken)));
        var applicant = await ApplyAsync(world, Application);
        Task<List<(Guid UserId, string Title)>> NoticesAsync() => world.Node.DbAsync(async db => (await db.Notifications.AsNoTracking()
            .Where(n => n.Kind == NoticeKinds.OrganizationApplied && n.Link == $"/organizations/{applicant.OrganizationId}")
            .Select(n => new { n.UserId, n.Title }).ToListAsync(TestContext.Current.CancellationToken)).Select(n => (n.UserId, n.Title)).ToList());

        Assert.True(await Poll.UntilAsync(async () => (await NoticesAsync()).Count == 1));
        await applicant.Grain.Reject("请补充材料。", world.Admin);
        await applicant.Grain.Resubmit(Application with { Description = "专注职工心理服务。已补充材料。" }, applicant.Member);
        Assert.True(await Poll.UntilAsync(async () => (await NoticesAsync()).Count == 2));

        var notices = await NoticesAsync();
        Assert.All(notices, n => Assert.Equal(cityAdmin, n.UserId)); // Harbin's: the nearest union above the district with an admin
        Assert.DoesNotContain(notices, n => n.UserId == province || n.UserId == lanzhou);
        Assert.Contains(notices, n => n.Title.EndsWith("修改后重新提交了入驻申请，请审核", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_union_outside_the_organizations_region_can_neither_approve_nor_return_it()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var applicant = await ApplyAsync(world, Application);
        var lanzhou = await AdminOfAsync(world, "兰州市总工会", "620100");

        var approve = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Approve(lanzhou));
        var reject = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Reject("材料不全", lanzhou));

        Assert.All([approve, reject], v => Assert.Equal(("organization.outside_region", ViolationKind.Forbidden), (v.Code, v.Kind)));
        Assert.Equal(OrganizationStatus.Pending, (await LoadAsync(world, applicant.OrganizationId)).Status);
        // Harbin's union (230100) covers the district the organization registered in (230102).
        await applicant.Grain.Approve(world.Admin);
        Assert.Equal(OrganizationStatus.Approved, (await LoadAsync(world, applicant.OrganizationId)).Status);
    }

    [Fact]
    public async Task A_return_needs_a_reason_and_only_the_applicant_can_correct_and_resubmit_it_for_a_new_decision()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var applicant = await ApplyAsync(world, Application);

        var blank = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Reject("  ", world.Admin));
        Assert.Equal(["required"], blank.Errors["reason"]);
        await applicant.Grain.Reject("请补充持证社工的证书编号。", world.Admin);
        var returned = await LoadAsync(world, applicant.OrganizationId);
        Assert.Equal((OrganizationStatus.Rejected, "请补充持证社工的证书编号。", world.Union.Id), (returned.Status, returned.RejectionReason, returned.RejectedByUnionId));

        // Returned is not awaiting a decision: nothing to approve or return until it comes back.
        Assert.Equal("organization.not_pending", (await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Approve(world.Admin))).Code);
        Assert.Equal("organization.not_pending", (await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Reject("再退", world.Admin))).Code);

        var corrected = Application with { CertifiedSocialWorkers = 8, Description = "专注职工心理服务。持证社工 8 名（证书编号见附件）。" };
        var someoneElse = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Resubmit(corrected, world.Members[0]));
        Assert.Equal(("organization.resubmit_forbidden", ViolationKind.Forbidden), (someoneElse.Code, someoneElse.Kind));
        var invalid = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Resubmit(corrected with { RegionCode = "23010" }, applicant.Member));
        Assert.Contains("regionCode", invalid.Errors.Keys);
        Assert.Equal(OrganizationStatus.Rejected, (await LoadAsync(world, applicant.OrganizationId)).Status);

        await applicant.Grain.Resubmit(corrected, applicant.Member);
        var resubmitted = await LoadAsync(world, applicant.OrganizationId);
        Assert.Equal((OrganizationStatus.Pending, 8), (resubmitted.Status, resubmitted.CertifiedSocialWorkers));
        Assert.Equal("请补充持证社工的证书编号。", resubmitted.RejectionReason); // the union sees what it asked for
        await applicant.Grain.Approve(world.Admin);
        Assert.Equal(OrganizationStatus.Approved, (await LoadAsync(world, applicant.OrganizationId)).Status);
        var approved = await Assert.ThrowsAsync<RuleViolation>(() => applicant.Grain.Resubmit(corrected, applicant.Member));
        Assert.Equal("organization.already_approved", approved.Code);
        Assert.Equal(["OrganizationRegistered", "OrganizationRejected", "OrganizationResubmitted", "OrganizationApproved"],
            await world.Node.DbAsync(db => db.AuditTrail.Where(a => a.AggregateId == applicant.OrganizationId).OrderBy(a => a.Sequence)
                .Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task The_applicant_is_told_of_a_return_with_its_reason_and_of_the_approval()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, dispatch: true);
        var applicant = await ApplyAsync(world, Application);
        Task<List<Notification>> NoticesAsync(string kind) => world.Node.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.Kind == kind && n.UserId == applicant.Member.UserId).ToListAsync(TestContext.Current.CancellationToken));

        await applicant.Grain.Reject("请补充持证社工的证书编号。", world.Admin);
        Assert.True(await Poll.UntilAsync(async () => (await NoticesAsync(NoticeKinds.OrganizationRejected)).Count == 1));
        var notice = (await NoticesAsync(NoticeKinds.OrganizationRejected)).Single();
        Assert.Equal(($"{Application.Name}：申请被退回：请补充持证社工的证书编号。", $"/organizations/{applicant.OrganizationId}"), (notice.Title, notice.Link));

        await applicant.Grain.Resubmit(Application, applicant.Member);
        await applicant.Grain.Approve(world.Admin);
        Assert.True(await Poll.UntilAsync(async () => (await NoticesAsync(NoticeKinds.OrganizationApproved)).Count == 1));
    }
}
