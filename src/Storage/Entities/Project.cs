using System.Linq.Expressions;
using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>A service project: a union's call for bids, its sealed bids and their evaluation.</summary>
public sealed class Project : AggregateRoot
{
    /// <summary>
    /// A project that still answers the workers' needs it was drafted from: one that ended without a service (cancelled,
    /// no award) leaves them free for another.
    /// </summary>
    public static readonly Expression<Func<Project, bool>> TakesUpNeeds = p => p.Status != ProjectStatus.Cancelled && p.Status != ProjectStatus.NoAward;

    public Guid UnionId { get; internal set; }
    /// <summary>The owning union's path, copied so subtree filters need no join.</summary>
    public string UnionPath { get; internal set; } = "";
    public Guid? BrandId { get; internal set; }
    public string Category { get; internal set; } = "";
    public string Title { get; internal set; } = "";
    public string Description { get; internal set; } = "";
    public List<string> TargetGroups { get; internal set; } = [];
    public List<string> ServiceRegions { get; internal set; } = [];
    public long BudgetFen { get; internal set; }
    public long ProvincialFundingFen { get; internal set; }
    public long LocalFundingFen { get; internal set; }
    public long OtherFundingFen { get; internal set; }
    public int TargetBeneficiaries { get; internal set; }
    public int TargetSessions { get; internal set; }
    public bool RegisteredOnly { get; internal set; }
    public int MinCertifiedSocialWorkers { get; internal set; }
    public List<Criterion> Criteria { get; internal set; } = [];
    public DateTimeOffset BidOpensAt { get; internal set; }
    public DateTimeOffset BidClosesAt { get; internal set; }
    public DateOnly ServiceStart { get; internal set; }
    public DateOnly ServiceEnd { get; internal set; }
    public ProjectStatus Status { get; internal set; }
    /// <summary>Live bids; the only fact about sealed bids anyone but their bidders may see.</summary>
    public int BidCount { get; internal set; }
    public Guid? AwardedBidId { get; internal set; }
    public Guid? ContractId { get; internal set; }
    public string? AwardReason { get; internal set; }
    /// <summary>When the award now proposed (or awarded) was chosen; its publicity (中标公示) runs to <see cref="PublicityEndsAt"/>.</summary>
    public DateTimeOffset? AwardProposedAt { get; internal set; }
    public DateTimeOffset? PublicityEndsAt { get; internal set; }
    /// <summary>Objections (质疑) to every award proposed, oldest first; <see cref="OpenObjections"/> counts those unanswered.</summary>
    public List<Objection> Objections { get; internal set; } = [];
    public int OpenObjections { get; internal set; }
    /// <summary>The call documents (招标文件), every version kept: a file added again under its name is its next version.</summary>
    public List<AttachedDocument> Documents { get; internal set; } = [];
    /// <summary>The published call's amendments (更正公告), oldest first.</summary>
    public List<Amendment> Amendments { get; internal set; } = [];
    public string? CancelReason { get; internal set; }
    public DateTimeOffset? CancelledAt { get; internal set; }
    public Guid CreatedBy { get; internal set; }
    public DateTimeOffset CreatedAt { get; internal set; }
    public DateTimeOffset? PublishedAt { get; internal set; }
    public DateTimeOffset? ClosedAt { get; internal set; }

    public List<Bid> Bids { get; internal set; } = [];
    public List<EvaluatorAssignment> Evaluators { get; internal set; } = [];
}

/// <summary>One amendment of a published call: when, what changed (in the union's words), and the deadline after it.</summary>
public sealed class Amendment
{
    public DateTimeOffset At { get; set; }
    public string Note { get; set; } = "";
    public DateTimeOffset BidClosesAt { get; set; }
}

/// <summary>
/// A bidder's objection (质疑) to a proposed award, with at most one attachment in the evidence store, and the union's answer.
/// </summary>
public sealed class Objection
{
    public Guid Id { get; set; }
    /// <summary>The bid whose proposed award it objects to.</summary>
    public Guid BidId { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid FiledBy { get; set; }
    public DateTimeOffset FiledAt { get; set; }
    public string Reason { get; set; } = "";
    public string? AttachmentName { get; set; }
    public string? AttachmentType { get; set; }
    public long? AttachmentSize { get; set; }
    /// <summary>SHA-256 of the attachment, hex; its name in the evidence store.</summary>
    public string? AttachmentSha256 { get; set; }
    public ObjectionOutcome? Outcome { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>A copy with the union's answer: the stored list gets a new element, so the change is seen.</summary>
    public Objection AnsweredWith(ObjectionOutcome outcome, string answer, DateTimeOffset at)
    {
        var answered = (Objection)MemberwiseClone();
        answered.Outcome = outcome;
        answered.Answer = answer;
        answered.AnsweredAt = at;
        return answered;
    }
}

/// <summary>A document attached to a call or a bid: checked by content, stored under its SHA-256 in the file store.</summary>
public sealed class AttachedDocument
{
    public Guid Id { get; set; }
    public string FileName { get; set; } = "";
    /// <summary>1 for the first file of its name, one more for each file added again under that name.</summary>
    public int Version { get; set; }
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTimeOffset AddedAt { get; set; }
}

/// <summary>An evaluation criterion with its weight; a project's weights sum to 100.</summary>
public sealed class Criterion
{
    public string Name { get; set; } = "";
    public int Weight { get; set; }
}

/// <summary>An organization's sealed proposal for a project.</summary>
public sealed class Bid
{
    public Guid Id { get; internal set; }
    public Guid ProjectId { get; internal set; }
    public Guid OrganizationId { get; internal set; }
    public BidStatus Status { get; internal set; }
    public string Plan { get; internal set; } = "";
    public long AmountFen { get; internal set; }
    public List<BudgetLine> BudgetLines { get; internal set; } = [];
    public List<ProposedMilestone> Milestones { get; internal set; } = [];
    public int TargetBeneficiaries { get; internal set; }
    public int TargetSessions { get; internal set; }
    public string Team { get; internal set; } = "";
    /// <summary>The proposal documents (投标文件), sealed like the bid.</summary>
    public List<AttachedDocument> Documents { get; internal set; } = [];
    public DateTimeOffset SubmittedAt { get; internal set; }
    public DateTimeOffset UpdatedAt { get; internal set; }
    public List<BidScore> Scores { get; internal set; } = [];
}

public sealed class BudgetLine
{
    public string Item { get; set; } = "";
    public long AmountFen { get; set; }
}

public sealed class ProposedMilestone
{
    public string Deliverable { get; set; } = "";
    public DateOnly DueDate { get; set; }
    /// <summary>Share of the contract amount paid on verification, in percent; a bid's shares sum to 100.</summary>
    public int SharePercent { get; set; }
}

/// <summary>An evaluator assigned to a project, with their conflict-of-interest declaration.</summary>
public sealed class EvaluatorAssignment
{
    public Guid ProjectId { get; internal set; }
    public Guid EvaluatorId { get; internal set; }
    public DateTimeOffset AssignedAt { get; internal set; }
    public DateTimeOffset? DeclaredNoConflictAt { get; internal set; }
    public bool ConflictDeclared { get; internal set; }
}

/// <summary>One evaluator's scores for one bid, per criterion 0–100, and their weighted total.</summary>
public sealed class BidScore
{
    public Guid BidId { get; internal set; }
    public Guid EvaluatorId { get; internal set; }
    public List<CriterionScore> Scores { get; internal set; } = [];
    /// <summary>Weighted total in hundredths of a point (0–10000), so ranking needs no floating point.</summary>
    public int TotalCentipoints { get; internal set; }
    public DateTimeOffset ScoredAt { get; internal set; }
}

public sealed class CriterionScore
{
    public string Criterion { get; set; } = "";
    public int Score { get; set; }
}
