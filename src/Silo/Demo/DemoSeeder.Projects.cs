using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;

namespace Procurement.Silo.Demo;

public sealed partial class DemoSeeder
{
    private enum Stage { Draft, Open, Closed, NoAward, Publicity, Contracted }

    private sealed record ProjectSeed(string Union, bool Brand, string Category, string Title, string Description, string[] Groups,
        string[] Regions, decimal BudgetYuan, decimal ProvincialYuan, Stage Stage, string[] Bidders, int TargetBeneficiaries, int TargetSessions);

    private static readonly CriterionInput[] Criteria =
        [new("服务方案", 40), new("团队与经验", 25), new("预算合理性", 20), new("绩效目标", 15)];

    private static readonly ProjectSeed[] Projects =
    [
        new("hlj", true, "情感关爱", "失独职工不孤独关爱服务（2027年度）",
            "延续“伴你、懂你、读你、助你”四项服务：节日陪伴、故事会、老年公益课堂和“助你热线”，走访慰问失独职工家庭。",
            ["失独职工"], ["哈尔滨市"], 300_000m, 200_000m, Stage.Open, ["xingda", "xinshijie"], 3_000, 120),
        new("hrb", true, "课后服务", "“启明星”教育计划——农民工子女课后服务",
            "在香坊区星光小学、兴华小学校、香和小学校开展特长培训、普法教育、文化传承和心理疏导。",
            ["农民工子女"], ["香坊区"], 180_000m, 100_000m, Stage.Open, [], 600, 200),
        new("lz", false, "女职工关爱", "女职工精神园地",
            "面向女职工开展心理健康课堂、技能提升和亲子教育活动。", ["女职工"], ["城关区", "七里河区"], 120_000m, 0m, Stage.Open, ["xiaocao"], 2_000, 80),
        new("by", false, "健康服务", "新就业形态劳动者免费健康体检",
            "为快递员、外卖送餐员、网约车司机提供免费体检与健康讲座。", ["新就业形态劳动者"], ["白银市"], 150_000m, 90_000m, Stage.Open, [], 1_500, 30),
        new("hlj", true, "就业培训", "助推产业工人职业发展与再就业培训",
            "为55岁以下下岗职工、失业人员和农民工开展创业能力、就业技能培训和线上微课堂。",
            ["下岗失业职工", "农民工"], ["哈尔滨市", "绥化市", "佳木斯市"], 500_000m, 300_000m, Stage.Closed, ["xingda", "xinshijie"], 10_000, 300),
        new("jms", true, "心理援助", "职工心理援助进企业进社区",
            "专家走进企业和社区开展心理援助活动。", ["企业职工"], ["佳木斯市"], 80_000m, 50_000m, Stage.NoAward, [], 4_000, 60),
        new("dq", true, "健康服务", "工助龙江•助力职工健康（大庆）",
            "为快递员、环卫工人、保洁员等“八大群体”职工开展基础体检和健康教育。",
            ["新就业形态劳动者", "环卫工人"], ["大庆市"], 260_000m, 160_000m, Stage.Contracted, ["xingda", "xinshijie"], 3_900, 40),
        new("mdj", true, "法律援助", "“五师一室”工会法律援助服务",
            "职工法律援助师、劳动关系协调师等“五师”进企业，职工权益纠纷调解室常态化运行。",
            ["产业工人"], ["牡丹江市"], 200_000m, 120_000m, Stage.Contracted, ["xinshijie"], 2_500, 96),
        new("cg", false, "托管服务", "青柠职工驿站假期托管",
            "寒暑假托管、时间管理训练营、磐石演讲训练营和亲子互动沙龙。", ["职工子女"], ["城关区"], 90_000m, 0m, Stage.Contracted, ["xiaocao"], 800, 60),
        new("hrb", true, "暖心驿站", "新就业形态劳动者暖心驿站运营服务",
            "在道里区、南岗区的户外劳动者暖心驿站提供饮水热饭、临时休憩、法律咨询和健康讲座。",
            ["新就业形态劳动者"], ["道里区", "南岗区"], 120_000m, 80_000m, Stage.Publicity, ["xingda", "xinshijie"], 6_000, 48),
        new("hrb", true, "心理援助", "紫丁香职工心理援助热线运营",
            "7×24小时职工心理援助热线，线上课程、线下沙龙与一对一援助。", ["企业职工", "女职工"], ["哈尔滨市"], 160_000m, 100_000m, Stage.Draft, [], 5_000, 365),
    ];

    private async Task SeedProjectsAsync(DateTimeOffset now)
    {
        foreach (var p in Projects)
        {
            var (start, opens, closes) = p.Stage switch
            {
                Stage.Contracted => (now.AddDays(-140), now.AddDays(-140), now.AddDays(-110)),
                Stage.Closed or Stage.NoAward => (now.AddDays(-60), now.AddDays(-60), now.AddDays(-20)),
                Stage.Publicity => (now.AddDays(-40), now.AddDays(-40), now.AddDays(-12)),
                _ => (now.AddDays(-3), now.AddDays(-3), now.AddDays(p.Bidders.Length > 0 ? 14 : 21)),
            };
            clock.Now = start;
            var serviceStart = closes.ToChinaDate().AddDays(15);
            var serviceEnd = serviceStart.AddDays(364);
            var id = Guid.CreateVersion7(start);
            var owner = AdminOf(p.Union);
            var budget = Money.FromYuan(p.BudgetYuan).Fen;
            var provincial = Money.FromYuan(p.ProvincialYuan).Fen;
            var project = grains.GetGrain<IProjectGrain>(id);
            await project.CreateDraft(new ProjectDraft(unions[p.Union].Id, p.Brand ? brandId : null, p.Category, p.Title, p.Description,
                p.Groups, p.Regions, budget, provincial, budget - provincial, 0, p.TargetBeneficiaries, p.TargetSessions,
                RegisteredOnly: false, MinCertifiedSocialWorkers: 0, Criteria, opens, closes, serviceStart, serviceEnd), owner);
            if (p.Stage == Stage.Draft) continue;
            await project.Publish(owner);

            var bids = new List<Guid>();
            foreach (var (bidder, i) in p.Bidders.Select((b, i) => (b, i)))
            {
                clock.Now = start.AddDays(1 + i);
                bids.Add(await project.SubmitBid(DemoBid(budget, 97 - 4 * i, serviceStart, serviceEnd, p.TargetBeneficiaries, p.TargetSessions), BidderActor(bidder)));
            }
            if (p.Stage is Stage.Open) continue;

            clock.Now = closes.AddMinutes(1);
            await project.CloseBidding();
            if (p.Stage == Stage.NoAward) continue;

            // Five evaluators for a project under evaluation (two have scored so far), three for awarded ones.
            clock.Now = closes.AddDays(2);
            var evaluators = actors.Values.Where(a => a.Role == Roles.Evaluator).OrderBy(a => a.UserId).Take(p.Stage == Stage.Closed ? 5 : 3).ToList();
            await project.AssignEvaluators([.. evaluators.Select(e => e.UserId)], owner);
            foreach (var (evaluator, i) in evaluators.Take(p.Stage == Stage.Closed ? 2 : 3).Select((e, i) => (e, i)))
            {
                clock.Now = closes.AddDays(4 + i);
                foreach (var (bid, j) in bids.Select((b, j) => (b, j)))
                    await project.ScoreBid(bid, [.. Criteria.Select((c, k) => new CriterionScoreInput(c.Name, 90 - 7 * j - 2 * k + i))], declareNoConflict: true, evaluator);
            }
            if (p.Stage == Stage.Closed) continue;

            // The award is published for objections (中标公示); a contracted project's publicity ended without any.
            clock.Now = p.Stage == Stage.Publicity ? now.AddDays(-1) : closes.AddDays(10);
            var award = await grains.AwardAsync(id, bids[0], null, owner);
            if (p.Stage == Stage.Publicity || award.PublicityEndsAt is not { } publicityEnds) continue;
            clock.Now = publicityEnds.AddHours(1);
            await grains.ConcludeAwardAsync(id);
        }
    }

    private Actor AdminOf(string unionKey) =>
        new(actors["province@demo.local"].UserId, Roles.UnionAdmin, unions[unionKey].Id, unions[unionKey].Path);

    private Actor BidderActor(string organizationKey) =>
        actors.Values.FirstOrDefault(a => a.OrganizationId == organizations[organizationKey])
        ?? new Actor(Guid.Empty, Roles.OrganizationMember, OrganizationId: organizations[organizationKey]);

    private static BidDraft DemoBid(long budgetFen, int percent, DateOnly start, DateOnly end, int beneficiaries, int sessions)
    {
        var amount = budgetFen * percent / 100 / 100 * 100; // whole yuan
        var staff = amount / 2;
        var activities = amount * 35 / 100;
        var quarter = (end.DayNumber - start.DayNumber) / 4;
        return new BidDraft(
            "按季度推进：需求调研与方案细化、服务实施、中期评估与改进、总结与成果展示。",
            amount,
            [new("人员经费", staff), new("活动经费", activities), new("管理及其他", amount - staff - activities)],
            [
                new("需求调研与实施方案", start.AddDays(quarter), 25), new("服务实施（中期）", start.AddDays(2 * quarter), 25),
                new("服务实施（后期）", start.AddDays(3 * quarter), 25), new("总结评估与成果展示", end, 25),
            ],
            beneficiaries, sessions, "项目负责人1名、持证社工3名、志愿者若干");
    }
}
