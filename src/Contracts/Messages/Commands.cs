using Procurement.Contracts.Api;

namespace Procurement.Contracts.Messages;

// Commands travel from the Web to any Silo by request/response; each answers CommandAccepted or CommandRejected.

/// <summary>Register a social organization under a new id.</summary>
public sealed record RegisterOrganization(Guid OrganizationId, OrganizationRegistration Registration, Actor Actor);

/// <summary>A union approves an organization.</summary>
public sealed record ApproveOrganization(Guid OrganizationId, Actor Actor);

/// <summary>Create a project draft under a new id.</summary>
public sealed record CreateProject(Guid ProjectId, ProjectDraft Draft, Actor Actor);

/// <summary>Publish a draft project for bids.</summary>
public sealed record PublishProject(Guid ProjectId, Actor Actor);

/// <summary>Submit or amend the actor's organization's sealed bid.</summary>
public sealed record SubmitBid(Guid ProjectId, BidDraft Bid, Actor Actor);

/// <summary>Withdraw the actor's organization's bid.</summary>
public sealed record WithdrawBid(Guid ProjectId, Guid BidId, Actor Actor);

/// <summary>Close bidding on a project whose deadline has passed (sent by the scheduler).</summary>
public sealed record CloseBidding(Guid ProjectId);

/// <summary>The command was carried out; <see cref="Id"/> is the entity it created or changed.</summary>
public sealed record CommandAccepted(Guid Id);

/// <summary>A rule refused the command; nothing changed.</summary>
public sealed record CommandRejected(string Code, string Message, Domain.ViolationKind Kind, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>The union assigns evaluators to a project.</summary>
public sealed record AssignEvaluators(Guid ProjectId, IReadOnlyList<Guid> EvaluatorIds, Actor Actor);

/// <summary>An evaluator declares a conflict of interest, or none.</summary>
public sealed record DeclareConflict(Guid ProjectId, bool HasConflict, Actor Actor);

/// <summary>An evaluator scores a bid.</summary>
public sealed record ScoreBid(Guid ProjectId, Guid BidId, IReadOnlyList<CriterionScoreInput> Scores, bool DeclareNoConflict, Actor Actor);

/// <summary>The union awards a bid; the Silo creates the contract.</summary>
public sealed record AwardProject(Guid ProjectId, Guid BidId, string? Reason, Actor Actor);

/// <summary>The organization reports a milestone.</summary>
public sealed record ReportMilestone(Guid ContractId, Guid MilestoneId, MilestoneReport Report, Actor Actor);

/// <summary>The union accepts or rejects a reported milestone.</summary>
public sealed record VerifyMilestone(Guid ContractId, Guid MilestoneId, bool Accept, string? Reason, Actor Actor);

/// <summary>An evaluator scores a quarterly review.</summary>
public sealed record ScoreReview(Guid ContractId, Guid ReviewId, ReviewScoresInput Scores, bool DeclareNoConflict, Actor Actor);

/// <summary>The organization submits a rectification report.</summary>
public sealed record SubmitRectification(Guid ContractId, string Report, Actor Actor);

/// <summary>The union lifts a contract's rectification.</summary>
public sealed record LiftRectification(Guid ContractId, Actor Actor);

/// <summary>The union decides on a termination recommendation.</summary>
public sealed record DecideTermination(Guid ContractId, bool Terminate, string? Reason, Actor Actor);
