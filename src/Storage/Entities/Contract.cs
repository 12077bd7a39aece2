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
    public List<Milestone> Milestones { get; internal set; } = [];
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
}
