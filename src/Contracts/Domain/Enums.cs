namespace Procurement.Contracts.Domain;

public enum UnionLevel { Province = 1, City = 2, County = 3, Street = 4 }

[GenerateSerializer]
public enum OrganizationKind
{
    /// <summary>Registered with an authority and holding a Unified Social Credit Code.</summary>
    Registered = 1,
    /// <summary>A small unregistered community group; its project budgets are capped.</summary>
    CommunityGroup = 2,
}

public enum OrganizationStatus { Pending = 1, Approved = 2, Rejected = 3 }

/// <summary>
/// A project's life: <see cref="AwardProposed"/> is the award publicity (中标公示), between the union's choice and the
/// contract, while bidders may object.
/// </summary>
public enum ProjectStatus { Draft = 1, Published = 2, BiddingClosed = 3, Evaluating = 4, Awarded = 5, Cancelled = 6, NoAward = 7, AwardProposed = 8 }

/// <summary>
/// The union's answer to an objection (质疑): upheld (the proposed award is withdrawn and evaluation reopens), dismissed
/// with a reason, moot because another objection to the same proposal was upheld first, or moot because the call was
/// cancelled (the cancellation's reason is its answer).
/// </summary>
public enum ObjectionOutcome { Upheld = 1, Dismissed = 2, Superseded = 3, Cancelled = 4 }

public enum BidStatus { Submitted = 1, Withdrawn = 2 }

/// <summary>What a union's announcement (通知公告) is: a policy (政策文件), a how-to (办事指南), a result (结果公示) or a notice (工作通知).</summary>
public enum AnnouncementKind { Policy = 1, Guide = 2, Result = 3, Notice = 4 }

public enum ContractStatus { Active = 1, Rectifying = 2, Completed = 3, Terminated = 4 }

public enum MilestoneStatus { Planned = 1, Reported = 2, Verified = 3 }

public enum FundingSource { Provincial = 1, LocalMatching = 2, Other = 3 }

public enum ReviewStatus { Open = 1, Completed = 2 }

/// <summary>The grades of Chinese public performance evaluation: 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below.</summary>
public enum ReviewGrade { Excellent = 1, Good = 2, Pass = 3, Fail = 4 }

/// <summary>
/// A worker's need (职工需求): posted (only its union sees it), then accepted (public), merged into another, or declined
/// with a reason; the union answers an accepted one as planned, in progress or not feasible. Planned also when a project
/// takes it up.
/// </summary>
public enum NeedStatus { Submitted = 1, Accepted = 2, Merged = 3, Declined = 4, Planned = 5, InProgress = 6, NotFeasible = 7 }

public static class Roles
{
    public const string PlatformAdmin = nameof(PlatformAdmin);
    public const string UnionAdmin = nameof(UnionAdmin);
    public const string OrganizationMember = nameof(OrganizationMember);
    public const string Evaluator = nameof(Evaluator);
    /// <summary>A worker who signed up to post needs and support others' (职工点菜); no real name is asked.</summary>
    public const string Worker = nameof(Worker);
    public static readonly string[] All = [PlatformAdmin, UnionAdmin, OrganizationMember, Evaluator, Worker];
}
