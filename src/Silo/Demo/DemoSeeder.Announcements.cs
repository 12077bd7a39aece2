using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;

namespace Procurement.Silo.Demo;

public sealed partial class DemoSeeder
{
    private sealed record AnnouncementSeed(string Union, AnnouncementKind Kind, string Title, string Body, int DaysAgo);

    private static readonly AnnouncementSeed[] DemoAnnouncements =
    [
        new("hlj", AnnouncementKind.Notice, "关于开展2027年度工会购买社会组织服务项目申报工作的通知",
            "各市（地）总工会、省直产业工会：\n\n为落实“职工点菜、工会买单、社会组织参与”的服务模式，省总工会2027年度继续开展购买社会组织服务工作，重点支持困难职工帮扶、新就业形态劳动者关爱、职工心理援助和法律援助等项目。\n\n请各单位组织辖区内已入库的社会组织通过本平台申报，申报截止时间以各项目公告为准。",
            20),
        new("hlj", AnnouncementKind.Guide, "社会组织参与工会服务项目办事指南",
            "一、注册入库：登录本平台“机构注册”，填写统一社会信用代码、服务领域和联系人，由所在地工会审核。\n\n二、投标：在“项目大厅”查看招标中的项目，按要求提交服务方案、预算和里程碑，截止前可修改或撤回。\n\n三、中标公示：评审结束后，拟中标结果在项目页公示，投标单位如有异议可在公示期内提出质疑。\n\n四、履约：按里程碑上报服务成果和佐证材料，工会验收后拨付相应资金。",
            12),
        new("hrb", AnnouncementKind.Result, "2026年度哈尔滨市工会服务项目季度评估结果",
            "经评审专家对在履约项目的服务质量、绩效目标完成情况、受益人满意度、资金使用和档案资料进行季度评估，评估结果已在各合同页公布，不合格项目须在规定期限内整改。",
            5),
        new("lz", AnnouncementKind.Policy, "兰州市总工会购买社会组织服务项目资金管理办法（试行）",
            "项目资金实行专款专用，按里程碑验收结果分期拨付；社会组织应按预算科目列支，年度结束后接受审计。",
            30),
    ];

    private async Task SeedAnnouncementsAsync(DateTimeOffset now)
    {
        foreach (var a in DemoAnnouncements)
        {
            clock.Now = now.AddDays(-a.DaysAgo);
            await grains.GetGrain<IAnnouncementGrain>(Guid.CreateVersion7(clock.Now))
                .Publish(new AnnouncementDraft(unions[a.Union].Id, a.Kind, a.Title, a.Body), AdminOf(a.Union));
        }
    }
}
