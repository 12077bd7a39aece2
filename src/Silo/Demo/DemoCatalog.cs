using Procurement.Contracts.Domain;

namespace Procurement.Silo.Demo;

/// <summary>
/// The demo dataset, built from the facts in the source articles (shared/seeds): the Heilongjiang and Gansu union trees,
/// the 工助龙江 brand, organizations named in the articles, and the service programmes they ran.
/// Street-level union names are invented for the demo; region codes are GB/T 2260.
/// </summary>
internal static class DemoCatalog
{
    public sealed record UnionSeed(string Key, string Name, string NameEn, UnionLevel Level, string? Parent, string Region);

    public static readonly UnionSeed[] Unions =
    [
        new("hlj", "黑龙江省总工会", "Heilongjiang Federation of Trade Unions", UnionLevel.Province, null, "230000"),
        new("hrb", "哈尔滨市总工会", "Harbin Federation of Trade Unions", UnionLevel.City, "hlj", "230100"),
        new("xf", "哈尔滨市香坊区总工会", "Xiangfang District FTU, Harbin", UnionLevel.County, "hrb", "230110"),
        new("dq", "大庆市总工会", "Daqing Federation of Trade Unions", UnionLevel.City, "hlj", "230600"),
        new("jms", "佳木斯市总工会", "Jiamusi Federation of Trade Unions", UnionLevel.City, "hlj", "230800"),
        new("mdj", "牡丹江市总工会", "Mudanjiang Federation of Trade Unions", UnionLevel.City, "hlj", "231000"),
        new("qqhr", "齐齐哈尔市总工会", "Qiqihar Federation of Trade Unions", UnionLevel.City, "hlj", "230200"),
        new("sh", "绥化市总工会", "Suihua Federation of Trade Unions", UnionLevel.City, "hlj", "231200"),
        new("gs", "甘肃省总工会", "Gansu Federation of Trade Unions", UnionLevel.Province, null, "620000"),
        new("lz", "兰州市总工会", "Lanzhou Federation of Trade Unions", UnionLevel.City, "gs", "620100"),
        new("cg", "兰州市城关区总工会", "Chengguan District FTU, Lanzhou", UnionLevel.County, "lz", "620102"),
        new("an", "兰州市安宁区总工会", "Anning District FTU, Lanzhou", UnionLevel.County, "lz", "620105"),
        new("qlh", "兰州市七里河区总工会", "Qilihe District FTU, Lanzhou", UnionLevel.County, "lz", "620103"),
        new("yz", "榆中县总工会", "Yuzhong County FTU", UnionLevel.County, "lz", "620123"),
        new("ycl", "城关区盐场路街道总工会", "Yanchanglu Sub-district FTU", UnionLevel.Street, "cg", "620102"),
        new("zyl", "城关区张掖路街道总工会", "Zhangyelu Sub-district FTU", UnionLevel.Street, "cg", "620102"),
        new("by", "白银市总工会", "Baiyin Federation of Trade Unions", UnionLevel.City, "gs", "620400"),
        new("jc", "金昌市总工会", "Jinchang Federation of Trade Unions", UnionLevel.City, "gs", "620300"),
        new("ts", "天水市总工会", "Tianshui Federation of Trade Unions", UnionLevel.City, "gs", "620500"),
        new("lx", "临夏回族自治州总工会", "Linxia Hui Autonomous Prefecture FTU", UnionLevel.City, "gs", "622900"),
    ];

    public sealed record OrganizationSeed(string Key, string Name, OrganizationKind Kind, string AuthorityKind, string Region, string Body,
        string Description, string[] Domains, string[] Regions, int SocialWorkers, int Volunteers, string ApprovedBy);

    public static readonly OrganizationSeed[] Organizations =
    [
        new("xingda", "哈尔滨市行大公益服务发展中心", OrganizationKind.Registered, "52", "230100", "MA1BXD01",
            "2017年起承接“失独职工不孤独”项目，开通全国首条失独群体免费求助热线“助你热线”；2018年起承接工助龙江心理援助职工服务工程。",
            ["失独家庭关爱", "心理援助", "热线服务"], ["哈尔滨市"], 12, 160, "hlj"),
        new("xinshijie", "心视界社工机构", OrganizationKind.Registered, "52", "230100", "MA1CXJ02",
            "2020年除夕开通“紫丁香”职工心理援助热线，服务居家职工与援鄂医护人员家属。",
            ["心理援助", "社会工作"], ["哈尔滨市", "佳木斯市"], 8, 60, "hlj"),
        new("xiaocao", "兰州小草爱心社会工作服务中心", OrganizationKind.Registered, "52", "620100", "MA7XC003",
            "在民政部门登记注册的民办非营利性社会组织，开展女职工精神园地、危机与家庭介入、00后入职辅导等十余个定制化项目。",
            ["女职工关爱", "心理疏导", "入职辅导", "志愿服务"], ["城关区", "七里河区", "榆中县", "永登县"], 15, 220, "lz"),
        new("shechuang", "兰州社创社会服务中心", OrganizationKind.Registered, "52", "620102", "MA7TC004",
            "与遇见未来共同运营青柠职工驿站：假期托管、训练营、亲子沙龙。", ["托管服务", "亲子活动"], ["城关区"], 6, 40, "lz"),
        new("yujian", "兰州遇见未来心理咨询服务中心", OrganizationKind.Registered, "52", "620102", "MA7YJ005",
            "心理咨询与解压活动，参与青柠职工驿站运营。", ["心理咨询"], ["城关区"], 4, 25, "lz"),
        new("hongai", "榆中县弘爱公益协会", OrganizationKind.Registered, "51", "620123", "MA7HA006",
            "县域公益志愿服务。", ["志愿服务"], ["榆中县"], 1, 80, "lz"),
        new("jian", "甘肃简公益发展中心", OrganizationKind.Registered, "52", "620100", "MA7JG007",
            "公益项目孵化与志愿服务。", ["公益孵化"], ["兰州市"], 3, 50, "gs"),
        new("langsong", "安宁区朗诵协会", OrganizationKind.CommunityGroup, "", "620105", "",
            "2018年后首批加入工会“朋友圈”的社区文艺团体，开展朗诵与文化活动。", ["文化活动"], ["安宁区"], 0, 35, "lz"),
        new("heyu", "鹤羽花毽非遗扶贫就业工坊", OrganizationKind.CommunityGroup, "", "230200", "",
            "省级非遗传承人带领困难职工学习花毽制作技艺，实现居家就业。", ["非遗技艺培训", "就业帮扶"], ["齐齐哈尔市"], 0, 12, "hlj"),
        new("ghospital", "甘肃省人民医院", OrganizationKind.Registered, "12", "620000", "MB1GH008",
            "联合省教科文卫工会赴帮扶村开展爱心义诊，为新就业形态劳动者提供健康体检。", ["健康体检", "义诊"], ["甘肃省"], 0, 30, "gs"),
    ];
}
