using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Silo.Tests.Needs;

/// <summary>
/// A worker's need (职工点菜): posted for the worker's union, public only once that union accepts it, merged or declined
/// with a reason; one "我也需要" per worker; texts cleaned and masked before anyone reads them; one project per need.
/// </summary>
public sealed class NeedGrainTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, ChinaTime.Offset);
    private static readonly NeedDraft Draft = new("健康服务", "外卖骑手体检", "希望在站点附近体检。", "园区骑手", 120, ["新就业形态劳动者"]);

    private static async Task<RuleViolation> Refused(Func<Task> call) => await Assert.ThrowsAsync<RuleViolation>(call);

    /// <summary>A worker of <paramref name="union"/> (its profile row, as sign-up writes it).</summary>
    private static async Task<Actor> WorkerAsync(DeliveryWorld world, Union union)
    {
        var id = Guid.NewGuid();
        await world.Node.DbAsync(db =>
        {
            db.WorkerProfiles.Add(new WorkerProfile { UserId = id, UnionId = union.Id, Groups = ["农民工"] });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return new Actor(id, Roles.Worker);
    }

    private static Task<Need> StoredAsync(DeliveryWorld world, Guid id) =>
        world.Node.DbAsync(db => db.Needs.AsNoTracking().SingleAsync(n => n.Id == id, TestContext.Current.CancellationToken));

    private static async Task<Guid> PublicNeedAsync(DeliveryWorld world, Actor worker)
    {
        var id = Guid.NewGuid();
        await world.Node.Grains.GetGrain<INeedGrain>(id).Post(Draft, worker);
        await world.Node.Grains.GetGrain<INeedGrain>(id).Accept(world.Admin);
        return id;
    }

    [Fact]
    public async Task A_posted_need_is_its_unions_alone_until_accepted_and_its_texts_are_cleaned_and_masked()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var worker = await WorkerAsync(world, world.Union);
        var other = await Seed.UnionAsync(world.Node);
        var otherWorker = await WorkerAsync(world, other);
        var id = Guid.NewGuid();
        var need = world.Node.Grains.GetGrain<INeedGrain>(id);

        await need.Post(Draft with { Title = "<b>骑手体检</b>", Text = "联系我 138 0013 8000，身份证 23010219900101123X。<script>x</script>" }, worker);
        await need.Post(Draft with { Title = "<b>骑手体检</b>" }, worker); // a retry changes nothing

        var stored = await StoredAsync(world, id);
        Assert.Equal(("骑手体检", "联系我 138****8000，身份证 2301************3X。x", NeedStatus.Submitted, world.Union.Path),
            (stored.Title, stored.Text, stored.Status, stored.UnionPath));
        Assert.Equal("need.not_found", (await Refused(() => need.Support(null, otherWorker))).Code);
        Assert.Equal("need.not_found", (await Refused(() => need.Accept(Seed.Admin(other)))).Code);
        Assert.Equal("need.union_only", (await Refused(() => need.Accept(world.Members[0]))).Code);
        // The platform's administrators oversee; the need's union answers its workers.
        Assert.Equal("need.union_only", (await Refused(() => need.Accept(new Actor(Guid.NewGuid(), Roles.PlatformAdmin)))).Code);
        Assert.Equal("need.union_only", (await Refused(() => need.Decline("不受理", Actor.System))).Code);

        await need.Accept(world.Admin);
        await need.Accept(world.Admin);
        Assert.Equal(NeedStatus.Accepted, (await StoredAsync(world, id)).Status);
        Assert.Equal("need.decided", (await Refused(() => need.Decline("重复", world.Admin))).Code);
        Assert.Equal(["NeedPosted", "NeedAccepted"], await world.Node.DbAsync(db =>
            db.AuditTrail.Where(a => a.AggregateId == id).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Every_bad_field_is_refused_at_once_and_only_a_worker_with_a_union_posts()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var worker = await WorkerAsync(world, world.Union);
        var need = world.Node.Grains.GetGrain<INeedGrain>(Guid.NewGuid());

        var bad = await Refused(() => need.Post(new NeedDraft("理发", " ", new string('需', NeedCatalog.TextLength + 1), "", 0, ["外星人"]), worker));
        Assert.Equal(["category", "forWhom", "groups", "people", "text", "title"], bad.Errors.Keys.Order());
        // Markup alone is nothing once cleaned.
        Assert.Equal(["title"], (await Refused(() => need.Post(Draft with { Title = "<img src=x>" }, worker))).Errors.Keys);
        Assert.Equal("need.workers_only", (await Refused(() => need.Post(Draft, world.Admin))).Code);
        Assert.Equal("need.no_union", (await Refused(() => need.Post(Draft, new Actor(Guid.NewGuid(), Roles.Worker)))).Code);
        Assert.Equal(0, await world.Node.DbAsync(db => db.Needs.CountAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_worker_supports_a_public_need_once_and_the_worker_who_posted_it_is_counted_already()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var poster = await WorkerAsync(world, world.Union);
        var supporter = await WorkerAsync(world, await Seed.UnionAsync(world.Node));
        var id = await PublicNeedAsync(world, poster);
        var need = world.Node.Grains.GetGrain<INeedGrain>(id);

        await need.Support("我也是，电话 13900001111", supporter);
        Assert.Equal("need.already_supported", (await Refused(() => need.Support(null, supporter))).Code);
        Assert.Equal("need.own", (await Refused(() => need.Support(null, poster))).Code);
        Assert.Equal("need.workers_only", (await Refused(() => need.Support(null, world.Admin))).Code);
        var third = await WorkerAsync(world, world.Union);
        Assert.Equal(["comment"], (await Refused(() => need.Support(new string('长', NeedCatalog.CommentLength + 1), third))).Errors.Keys);

        Assert.Equal(1, (await StoredAsync(world, id)).Supports);
        var rows = await world.Node.DbAsync(db => db.NeedSupports.Where(s => s.NeedId == id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("我也是，电话 139****1111", supporter.UserId), (rows.Single().Comment, rows.Single().UserId));
    }

    [Fact]
    public async Task Merging_a_posted_need_makes_its_worker_a_supporter_of_the_public_one_once()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var first = await WorkerAsync(world, world.Union);
        var second = await WorkerAsync(world, world.Union);
        var target = await PublicNeedAsync(world, first);
        var posted = Guid.NewGuid();
        var need = world.Node.Grains.GetGrain<INeedGrain>(posted);
        await need.Post(Draft with { Title = "骑手也想体检" }, second);

        Assert.Equal(["targetId"], (await Refused(() => need.MergeInto(posted, world.Admin))).Errors.Keys);
        var unaccepted = Guid.NewGuid();
        await world.Node.Grains.GetGrain<INeedGrain>(unaccepted).Post(Draft with { Title = "另一条" }, first);
        Assert.Equal("need.merge_target", (await Refused(() => need.MergeInto(unaccepted, world.Admin))).Code);
        Assert.Equal(NeedStatus.Submitted, (await StoredAsync(world, posted)).Status);

        await need.MergeInto(target, world.Admin);
        await need.MergeInto(target, world.Admin);
        Assert.Equal((NeedStatus.Merged, target), ((await StoredAsync(world, posted)).Status, (await StoredAsync(world, posted)).MergedIntoId!.Value));
        Assert.Equal(1, (await StoredAsync(world, target)).Supports);
        Assert.Equal("need.already_supported", (await Refused(() => world.Node.Grains.GetGrain<INeedGrain>(target).Support(null, second))).Code);
    }

    [Fact]
    public async Task A_merge_that_stopped_half_way_is_undone_when_the_union_accepts_or_declines_the_need_after_all()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var first = await WorkerAsync(world, world.Union);
        var target = await PublicNeedAsync(world, first);
        var targetGrain = world.Node.Grains.GetGrain<INeedGrain>(target);
        foreach (var decide in new Func<INeedGrain, Task>[] { n => n.Accept(world.Admin), n => n.Decline("不受理", world.Admin) })
        {
            var worker = await WorkerAsync(world, world.Union);
            var posted = Guid.NewGuid();
            var need = world.Node.Grains.GetGrain<INeedGrain>(posted);
            await need.Post(Draft with { Title = "骑手也想体检" }, worker);
            // The public need took the worker in; the posted need's own commit never happened.
            await targetGrain.AbsorbMerged(posted, worker.UserId, world.Admin);
            Assert.Equal(1, (await StoredAsync(world, target)).Supports);

            await decide(need);

            Assert.Equal(0, (await StoredAsync(world, target)).Supports);
            Assert.False(await world.Node.DbAsync(db => db.NeedSupports.AnyAsync(s => s.NeedId == target && s.UserId == worker.UserId, TestContext.Current.CancellationToken)));
        }
        // A support the worker gave by their own hand stays.
        var supporter = await WorkerAsync(world, world.Union);
        await targetGrain.Support("我也需要", supporter);
        var own = Guid.NewGuid();
        await world.Node.Grains.GetGrain<INeedGrain>(own).Post(Draft with { Title = "体检" }, supporter);
        await targetGrain.AbsorbMerged(own, supporter.UserId, world.Admin);
        await world.Node.Grains.GetGrain<INeedGrain>(own).Accept(world.Admin);
        Assert.Equal(1, (await StoredAsync(world, target)).Supports);
    }

    [Fact]
    public async Task The_union_declines_with_a_reason_answers_a_public_need_and_a_not_feasible_one_takes_no_more_support()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var worker = await WorkerAsync(world, world.Union);
        var declined = world.Node.Grains.GetGrain<INeedGrain>(Guid.NewGuid());
        await declined.Post(Draft, worker);
        Assert.Equal(["reason"], (await Refused(() => declined.Decline(" ", world.Admin))).Errors.Keys);
        Assert.Equal("need.not_public", (await Refused(() => declined.Answer(NeedStatus.Planned, "已列入计划", world.Admin))).Code);
        await declined.Decline("不属于服务范围", world.Admin);

        var id = await PublicNeedAsync(world, worker);
        var need = world.Node.Grains.GetGrain<INeedGrain>(id);
        Assert.Equal(["status"], (await Refused(() => need.Answer(NeedStatus.Accepted, "好的", world.Admin))).Errors.Keys);
        await need.Answer(NeedStatus.InProgress, "正在对接机构", world.Admin);
        await need.Answer(NeedStatus.NotFeasible, "资金不足", world.Admin);
        var stored = await StoredAsync(world, id);
        Assert.Equal((NeedStatus.NotFeasible, "资金不足"), (stored.Status, stored.Answer));
        var late = await WorkerAsync(world, world.Union);
        Assert.Equal("need.closed", (await Refused(() => need.Support(null, late))).Code);
    }

    [Fact]
    public async Task A_need_is_taken_up_by_one_live_project_of_its_union()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var worker = await WorkerAsync(world, world.Union);
        var id = await PublicNeedAsync(world, worker);
        var need = world.Node.Grains.GetGrain<INeedGrain>(id);
        var (project, _) = await Seed.PublishedProjectAsync(world.Node, world.Union);
        var other = await Seed.UnionAsync(world.Node);
        var (foreign, _) = await Seed.PublishedProjectAsync(world.Node, other);

        Assert.Equal("project.not_found", (await Refused(() => need.LinkProject(foreign, world.Admin))).Code);
        await need.LinkProject(project, world.Admin);
        await need.LinkProject(project, world.Admin);
        Assert.Equal((NeedStatus.Planned, project), ((await StoredAsync(world, id)).Status, (await StoredAsync(world, id)).ProjectId!.Value));
        var (second, _) = await Seed.PublishedProjectAsync(world.Node, world.Union);
        Assert.Equal("need.has_project", (await Refused(() => need.LinkProject(second, world.Admin))).Code);

        // A call cancelled without a service leaves the need to another.
        await world.Node.Grains.GetGrain<IProjectGrain>(project).Cancel("预算调整，本期取消", world.Admin);
        await need.LinkProject(second, world.Admin);
        Assert.Equal(second, (await StoredAsync(world, id)).ProjectId);
    }

    [Fact]
    public async Task The_worker_and_supporters_hear_of_the_award_and_each_verified_milestone_of_the_project_made_from_their_need()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, dispatch: true);
        var worker = await WorkerAsync(world, world.Union);
        var supporter = await WorkerAsync(world, world.Union);
        var id = await PublicNeedAsync(world, worker);
        await world.Node.Grains.GetGrain<INeedGrain>(id).Support(null, supporter);
        var (projectId, bidId, _, _) = await world.EvaluatedAsync();
        await world.Node.Grains.GetGrain<INeedGrain>(id).LinkProject(projectId, world.Admin);
        Task<List<string>> TitlesAsync(Guid user) => world.Node.DbAsync(db => db.Notifications.AsNoTracking()
            .Where(n => n.UserId == user && n.Kind == NoticeKinds.NeedProgress && n.Link == $"/needs/{id}").Select(n => n.Title).ToListAsync(TestContext.Current.CancellationToken));

        var contractId = (await world.Node.Grains.AwardAsync(projectId, bidId, null, world.Admin)).ContractId!.Value;
        var first = await world.Node.DbAsync(db => db.Milestones.Where(m => m.ContractId == contractId).OrderBy(m => m.Sequence)
            .Select(m => new { m.Id, m.Deliverable }).FirstAsync(TestContext.Current.CancellationToken));
        await world.ContractGrain(contractId).ReportMilestone(first.Id, new MilestoneReport(120, 6, 10_000_00, "开展托管服务6次。", []), world.Members[0]);
        await world.ContractGrain(contractId).VerifyMilestone(first.Id, true, null, world.Admin);

        foreach (var follower in new[] { worker.UserId, supporter.UserId })
            Assert.True(await Poll.UntilAsync(async () =>
            {
                var titles = await TitlesAsync(follower);
                return titles.Any(t => t.EndsWith("工会已据此需求立项", StringComparison.Ordinal)) && titles.Any(t => t.EndsWith("项目已确定服务机构", StringComparison.Ordinal))
                    && titles.Any(t => t.Contains($"“{first.Deliverable}”已验收", StringComparison.Ordinal));
            }), $"follower {follower}: {string.Join(" | ", await TitlesAsync(follower))}");
    }
}
