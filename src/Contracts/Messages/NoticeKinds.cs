using Procurement.Contracts.Domain;

namespace Procurement.Contracts.Messages;

/// <summary>
/// One kind of notification: who receives it (by role), the e-mail's subject, and whether people must ask for it
/// (<see cref="OptIn"/>) or receive it unless they turn its e-mail off.
/// </summary>
public sealed record NoticeKind(string Key, string EmailSubject, IReadOnlyList<string> Roles, bool OptIn = false)
{
    public bool ConcernsAny(IEnumerable<string> roles) => roles.Any(Roles.Contains);
}

/// <summary>Every kind of notification the platform sends; the settings page lists a person's by their role.</summary>
public static class NoticeKinds
{
    public const string OrganizationApplied = "organization-applied";
    public const string OrganizationApproved = "organization-approved";
    public const string OrganizationRejected = "organization-rejected";
    public const string ProjectPublished = "project-published";
    public const string ProjectAmended = "project-amended";
    public const string ProjectCancelled = "project-cancelled";
    public const string BidReceived = "bid-received";
    public const string BiddingClosed = "bidding-closed";
    public const string EvaluatorsAssigned = "evaluators-assigned";
    public const string AwardResult = "award-result";
    public const string AwardProposed = "award-proposed";
    public const string AwardWithdrawn = "award-withdrawn";
    public const string ObjectionFiled = "objection-filed";
    public const string ObjectionAnswered = "objection-answered";
    public const string ContractSigned = "contract-signed";
    public const string MilestoneDue = "milestone-due";
    public const string MilestoneOverdue = "milestone-overdue";
    public const string MilestoneReported = "milestone-reported";
    public const string MilestoneVerified = "milestone-verified";
    public const string MilestoneRejected = "milestone-rejected";
    public const string PaymentReleased = "payment-released";
    public const string ReviewOpened = "review-opened";
    public const string ReviewDue = "review-due";
    public const string ReviewGraded = "review-graded";
    public const string RectificationRequired = "rectification-required";
    public const string TerminationRecommended = "termination-recommended";
    public const string TerminationDecided = "termination-decided";
    public const string NeedPosted = "need-posted";
    public const string NeedDecided = "need-decided";
    public const string NeedProgress = "need-progress";

    public static readonly IReadOnlyList<NoticeKind> All =
    [
        new(OrganizationApproved, "机构已审核入库", [Roles.OrganizationMember]),
        new(OrganizationRejected, "机构申请被退回", [Roles.OrganizationMember]),
        new(ProjectPublished, "新发布的项目", [Roles.OrganizationMember], OptIn: true),
        new(ProjectAmended, "项目更正公告", [Roles.OrganizationMember]),
        new(ProjectCancelled, "项目终止公告", [Roles.OrganizationMember, Roles.Evaluator]),
        new(BiddingClosed, "投标已截止", [Roles.OrganizationMember, Roles.UnionAdmin]),
        new(AwardProposed, "中标结果公示", [Roles.OrganizationMember]),
        new(AwardWithdrawn, "拟中标结果已撤销，重新评审", [Roles.OrganizationMember]),
        new(ObjectionAnswered, "质疑已答复", [Roles.OrganizationMember]),
        new(AwardResult, "项目已确定中标单位", [Roles.OrganizationMember]),
        new(ContractSigned, "中标，合同已生成", [Roles.OrganizationMember]),
        new(MilestoneDue, "里程碑即将到期", [Roles.OrganizationMember]),
        new(MilestoneOverdue, "里程碑已逾期", [Roles.OrganizationMember]),
        new(MilestoneVerified, "里程碑成果已验收", [Roles.OrganizationMember]),
        new(MilestoneRejected, "里程碑成果被退回", [Roles.OrganizationMember]),
        new(PaymentReleased, "资金已拨付", [Roles.OrganizationMember]),
        new(ReviewGraded, "季度评估结果", [Roles.OrganizationMember]),
        new(RectificationRequired, "合同进入整改", [Roles.OrganizationMember]),
        new(TerminationDecided, "合同终止决定", [Roles.OrganizationMember]),
        new(OrganizationApplied, "社会组织提交入驻申请，待审核", [Roles.UnionAdmin]),
        new(BidReceived, "项目收到投标", [Roles.UnionAdmin]),
        new(ObjectionFiled, "收到质疑，待答复", [Roles.UnionAdmin]),
        new(MilestoneReported, "有待审核的里程碑成果", [Roles.UnionAdmin]),
        new(TerminationRecommended, "建议终止合同", [Roles.UnionAdmin]),
        new(NeedPosted, "职工提交了新需求，待受理", [Roles.UnionAdmin]),
        new(NeedDecided, "您提交的需求已处理", [Roles.Worker]),
        new(NeedProgress, "您关注的需求有新进展", [Roles.Worker]),
        new(EvaluatorsAssigned, "您被指派为评审专家", [Roles.Evaluator]),
        new(ReviewOpened, "新的季度评估待评分", [Roles.Evaluator]),
        new(ReviewDue, "季度评估即将截止", [Roles.Evaluator]),
    ];

    private static readonly Dictionary<string, NoticeKind> ByKey = All.ToDictionary(k => k.Key);

    public static NoticeKind? Find(string key) => ByKey.GetValueOrDefault(key);
}
