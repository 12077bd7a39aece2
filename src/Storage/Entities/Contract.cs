using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>A service contract between a union and an organization, created by an award.</summary>
public sealed class Contract : AggregateRoot
{
    public Guid ProjectId { get; internal set; }
    public Guid BidId { get; internal set; }
    public Guid UnionId { get; internal set; }
    public string UnionPath { get; internal set; } = "";
    public Guid OrganizationId { get; internal set; }
    public string Title { get; internal set; } = "";
    public long AmountFen { get; internal set; }
    public long PaidFen { get; internal set; }
    public int TargetBeneficiaries { get; internal set; }
    public int TargetSessions { get; internal set; }
    public int BeneficiariesServed { get; internal set; }
    public int SessionsHeld { get; internal set; }
    public DateOnly PeriodStart { get; internal set; }
    public DateOnly PeriodEnd { get; internal set; }
    public ContractStatus Status { get; internal set; }
    public DateTimeOffset SignedAt { get; internal set; }
    public long ExpenditureFen { get; internal set; }
    /// <summary>Failed quarterly reviews in a row; two raise a termination recommendation.</summary>
    public int ConsecutiveFails { get; internal set; }
    public bool TerminationRecommended { get; internal set; }
    public string? RectificationReport { get; internal set; }
    public DateTimeOffset? RectificationSubmittedAt { get; internal set; }
    public DateTimeOffset? CompletedAt { get; internal set; }
    public List<Milestone> Milestones { get; internal set; } = [];
    public List<QuarterlyReview> Reviews { get; internal set; } = [];
}

/// <summary>A contract milestone: a deliverable with a due date and the share of the amount it releases.</summary>
public sealed class Milestone
{
    public Guid Id { get; internal set; }
    public Guid ContractId { get; internal set; }
    public int Sequence { get; internal set; }
    public string Deliverable { get; internal set; } = "";
    public DateOnly DueDate { get; internal set; }
    public int SharePercent { get; internal set; }
    public MilestoneStatus Status { get; internal set; }
    public DateTimeOffset? ReportedAt { get; internal set; }
    public DateTimeOffset? VerifiedAt { get; internal set; }
    // The latest report: counts and anonymised evidence only — no beneficiary is ever named (PIPL).
    public int ReportedBeneficiaries { get; internal set; }
    public int ReportedSessions { get; internal set; }
    public long ReportedExpenditureFen { get; internal set; }
    public string Narrative { get; internal set; } = "";
    public string? RejectionReason { get; internal set; }
    /// <summary>The payment released on verification.</summary>
    public long PaidFen { get; internal set; }
    public List<EvidenceFile> Evidence { get; internal set; } = [];
}

/// <summary>A file backing a milestone report, stored outside the database under its content hash.</summary>
public sealed class EvidenceFile
{
    public Guid Id { get; internal set; }
    public Guid MilestoneId { get; internal set; }
    public string FileName { get; internal set; } = "";
    public string ContentType { get; internal set; } = "";
    public long SizeBytes { get; internal set; }
    /// <summary>SHA-256 of the content, hex; also its name in the evidence store.</summary>
    public string Sha256 { get; internal set; } = "";
    public DateTimeOffset UploadedAt { get; internal set; }
}

/// <summary>A contract's review for one calendar quarter (China time), scored by the project's evaluators.</summary>
public sealed class QuarterlyReview
{
    public Guid Id { get; internal set; }
    public Guid ContractId { get; internal set; }
    /// <summary>e.g. "2026Q4".</summary>
    public string Quarter { get; internal set; } = "";
    public DateTimeOffset OpenedAt { get; internal set; }
    public DateTimeOffset DueAt { get; internal set; }
    public ReviewStatus Status { get; internal set; }
    /// <summary>Weights of service quality, KPI achievement, satisfaction, financial compliance, documentation (sum 100).</summary>
    public List<int> Weights { get; internal set; } = [];
    public int? ScoreCentipoints { get; internal set; }
    public ReviewGrade? Grade { get; internal set; }
    public DateTimeOffset? CompletedAt { get; internal set; }
    public List<ReviewEvaluator> Evaluators { get; internal set; } = [];
}

/// <summary>An evaluator of a quarterly review: the declaration first, then the five scores.</summary>
public sealed class ReviewEvaluator
{
    public Guid ReviewId { get; internal set; }
    public Guid EvaluatorId { get; internal set; }
    public DateTimeOffset? DeclaredNoConflictAt { get; internal set; }
    public bool ConflictDeclared { get; internal set; }
    public List<int> Scores { get; internal set; } = [];
    /// <summary>A comment per score, in the same order; empty where none was written.</summary>
    public List<string> Comments { get; internal set; } = [];
    public int? TotalCentipoints { get; internal set; }
    public DateTimeOffset? ScoredAt { get; internal set; }
}
