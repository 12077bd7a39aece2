using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo;

public sealed partial class DemoSeeder
{
    /// <summary>What becomes of a demo need: every state a worker can meet.</summary>
    private enum NeedFate { Pending, Accepted, Planned, InProgress, NotFeasible, Declined, Merged, Project }

    private sealed record NeedSeed(string Worker, string Category, string Title, string Text, string ForWhom, int People, string[] Groups,
        NeedFate Fate, int DaysAgo, string[] Supporters, string? Answer = null, string? Project = null);

    private static readonly NeedSeed[] DemoNeeds =
    [
        new("worker1@demo.local", "健康服务", "外卖骑手夏季防暑和职业健康体检",
            "夏天跑单时间长，中暑、腰肌劳损的骑手很多。希望在站点附近有免费体检，讲讲防暑和颈腰椎保护，最好晚上或下雨天也能去。",
            "香坊区各站点的外卖、快递骑手", 300, ["新就业形态劳动者"], NeedFate.Accepted, 40, ["worker2@demo.local", "worker3@demo.local"]),
        new("worker2@demo.local", "健康服务", "骑手免费体检",
            "和骑手们聊过，大家都想做个体检，能不能组织一次？", "外卖骑手", 80, ["新就业形态劳动者"], NeedFate.Merged, 30, []),
        new("worker2@demo.local", "课后服务", "双职工家庭孩子放学后没人管",
            "我们厂里双职工多，下午四点半孩子放学后没人接，希望在社区或厂区附近有课后托管和作业辅导。",
            "产业园区双职工家庭的小学生", 120, ["女职工", "职工子女"], NeedFate.Project, 120, ["worker1@demo.local"],
            Project: "“启明星”教育计划——农民工子女课后服务"),
        new("worker3@demo.local", "托管服务", "孩子放寒暑假没人带",
            "我们环卫、保洁的工友假期照常上班，孩子放假在家没人管，希望街道附近有假期托管班。", "城关区一线职工的中小学生子女", 60,
            ["农民工", "职工子女"], NeedFate.Project, 140, ["worker2@demo.local"], Project: "青柠职工驿站假期托管"),
        new("worker1@demo.local", "法律援助", "劳动合同和工伤纠纷咨询进社区",
            "不少工友遇到过拖欠工资、工伤认定难的问题，不知道找谁。希望每月有律师到社区坐班答疑。",
            "香坊区灵活就业人员和农民工", 200, ["农民工", "新就业形态劳动者"], NeedFate.Pending, 2, []),
        new("worker3@demo.local", "心理援助", "环卫工人心理疏导和减压活动",
            "环卫工作凌晨开始，压力大、和家人交流少。希望有心理老师来聊聊，组织一些减压活动。",
            "城关区盐场路街道环卫工人", 150, ["农民工"], NeedFate.InProgress, 50, ["worker1@demo.local"],
            Answer: "已与辖区社工机构对接，下月起每两周在环卫工人驿站开展一次团体减压活动。"),
        new("worker3@demo.local", "其他", "单位食堂伙食改善",
            "单位食堂菜品单一，希望工会出面协调改善。", "本单位职工", 60, [], NeedFate.Declined, 20, [],
            Answer: "食堂伙食属于用人单位内部管理事项，不在工会购买社会组织服务范围内，建议通过本单位职代会提出。"),
        new("worker2@demo.local", "就业培训", "新能源汽车维修技能培训",
            "厂里转产新能源，老师傅们想学电池和电控维修，拿到证书。", "汽车零部件企业一线工人", 90, ["产业工人"], NeedFate.NotFeasible, 25,
            ["worker1@demo.local"], Answer: "该培训需具备资质的职业培训机构承担，已转请市人社部门纳入职业技能提升行动。"),
        new("worker1@demo.local", "暖心驿站", "冬天在户外工作能有个歇脚喝热水的地方",
            "冬天零下二三十度，骑手、环卫工人在外面冻得受不了，希望多设几个能歇脚、热饭、充电的驿站。",
            "香坊区户外劳动者", 500, ["新就业形态劳动者", "农民工"], NeedFate.Planned, 60, ["worker2@demo.local", "worker3@demo.local"],
            Answer: "已列入明年暖心驿站建设计划，将在香坊区新增三处驿站。"),
    ];

    private async Task SeedNeedsAsync(DateTimeOffset now)
    {
        var ids = new Dictionary<NeedSeed, Guid>();
        foreach (var n in DemoNeeds.OrderBy(n => n.Fate == NeedFate.Merged))
        {
            clock.Now = now.AddDays(-n.DaysAgo);
            var id = Guid.CreateVersion7(clock.Now);
            ids[n] = id;
            var need = grains.GetGrain<INeedGrain>(id);
            await need.Post(new NeedDraft(n.Category, n.Title, n.Text, n.ForWhom, n.People, n.Groups), actors[n.Worker]);
            if (n.Fate == NeedFate.Pending) continue;
            var union = AdminOf(Workers[n.Worker].Union == "ycl" ? "lz" : "hrb");
            clock.Now = clock.Now.AddDays(1);
            switch (n.Fate)
            {
                case NeedFate.Declined:
                    await need.Decline(n.Answer!, union);
                    continue;
                case NeedFate.Merged:
                    await need.MergeInto(ids[DemoNeeds[0]], union);
                    continue;
            }
            await need.Accept(union);
            foreach (var (supporter, i) in n.Supporters.Select((s, i) => (s, i)))
            {
                clock.Now = clock.Now.AddHours(5 + i);
                await need.Support(i == 0 ? "我和身边的工友也很需要。" : null, actors[supporter]);
            }
            clock.Now = clock.Now.AddDays(2);
            if (n.Fate is NeedFate.Planned or NeedFate.InProgress or NeedFate.NotFeasible)
                await need.Answer(Enum.Parse<NeedStatus>(n.Fate.ToString()), n.Answer!, union);
            if (n.Fate == NeedFate.Project && await ProjectNamedAsync(n.Project!) is { } projectId)
                await need.LinkProject(projectId, union);
        }
        await DeliverFirstMilestoneAsync("青柠职工驿站假期托管", "xiaocao", "cg", now);
    }

    /// <summary>
    /// The loop closed in the demo: the contract of a project made from a need reports its first milestone and the union
    /// verifies it, so the need shows delivery under way and the statistics count the people served.
    /// </summary>
    private async Task DeliverFirstMilestoneAsync(string title, string organization, string union, DateTimeOffset now)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var contract = await db.Contracts.AsNoTracking().Include(c => c.Milestones).FirstOrDefaultAsync(c => c.Title == title);
        if (contract is null) return;
        var first = contract.Milestones.OrderBy(m => m.Sequence).First();
        var grain = grains.GetGrain<IContractGrain>(contract.Id);
        clock.Now = now.AddDays(-6);
        await grain.ReportMilestone(first.Id, new MilestoneReport(180, 9, Money.FromYuan(15_000m).Fen,
            "寒假托管班开展9次，服务职工子女180人次，家长满意度调查平均4.6分。", []), BidderActor(organization));
        clock.Now = now.AddDays(-5);
        await grain.VerifyMilestone(first.Id, true, null, AdminOf(union));
    }

    private async Task<Guid?> ProjectNamedAsync(string title)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        return await db.Projects.Where(p => p.Title == title).Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
    }

    /// <summary>
    /// Beneficiaries' answers on every seeded contract over the last weeks (服务评价): mostly satisfied, a few not, some
    /// with a suggestion. Written straight into the table, as the anonymous form does (no grain owns them).
    /// </summary>
    private static async Task SeedFeedbackAsync(ProcurementDb db, DateTimeOffset now, CancellationToken ct)
    {
        string[] suggestions = ["活动时间能不能安排在晚上或周末？", "希望多开几期，名额太少了。", "老师讲得很好，场地有点小。", "希望能提前在群里通知活动时间。"];
        var contracts = await db.Contracts.AsNoTracking().Where(c => c.Status == ContractStatus.Active).Select(c => c.Id).ToListAsync(ct);
        foreach (var (contractId, k) in contracts.Select((c, k) => (c, k)))
        {
            for (var i = 0; i < 24 + 6 * k; i++)
            {
                var at = StoredTime.Of(now.AddDays(-(i * 5 % 100)).AddHours(-i));
                var satisfaction = ((i * 7 + k) % 10) switch { < 5 => 5, < 8 => 4, 8 => 3, _ => 2 - (i % 2) };
                db.Feedback.Add(new Feedback
                {
                    Id = Guid.CreateVersion7(at), ContractId = contractId, Quarter = ChinaTime.QuarterOf(at), Satisfaction = satisfaction,
                    WouldRecommend = satisfaction >= 4, Improve = i % 6 == 0 ? suggestions[(i / 6 + k) % suggestions.Length] : null,
                    DeviceKey = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(contractId.ToByteArray().Append((byte)i).ToArray())), At = at,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }
}
