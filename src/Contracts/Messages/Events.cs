using Procurement.Contracts.Domain;
namespace Procurement.Contracts.Messages;

// Events are facts in the past tense, committed with the state that raised them and published from the outbox.
// Each carries what the live feed needs to decide who may see it (union path, organization).

/// <summary>An organization registered and awaits approval.</summary>
public sealed record OrganizationRegistered(Guid OrganizationId, string Name, DateTimeOffset At);

/// <summary>A union approved an organization as a provider.</summary>
public sealed record OrganizationApproved(Guid OrganizationId, string Name, Guid UnionId, string UnionPath, DateTimeOffset At);

/// <summary>A union returned an organization's application with a reason; the applicant may correct and resubmit it.</summary>
public sealed record OrganizationRejected(Guid OrganizationId, string Name, string Reason, Guid UnionId, string UnionPath, DateTimeOffset At);

/// <summary>An applicant corrected its application; it awaits a decision again.</summary>
public sealed record OrganizationResubmitted(Guid OrganizationId, string Name, DateTimeOffset At);

/// <summary>A union created a project draft.</summary>
public sealed record ProjectDrafted(Guid ProjectId, string Title, Guid UnionId, string UnionPath, DateTimeOffset At);

/// <summary>A project opened for bids.</summary>
public sealed record ProjectPublished(Guid ProjectId, string Title, string UnionPath, DateTimeOffset BidClosesAt, DateTimeOffset At);

/// <summary>A union changed a draft (before publication: nobody but the union sees it).</summary>
public sealed record ProjectDraftEdited(Guid ProjectId, string Title, string UnionPath, DateTimeOffset At);

/// <summary>A union amended a published call before its deadline (更正公告); bidders are told, a new deadline re-schedules the close.</summary>
public sealed record ProjectAmended(Guid ProjectId, string Title, string UnionPath, string Note, DateTimeOffset BidClosesAt, bool DeadlineChanged,
    DateTimeOffset At);

/// <summary>A union cancelled a published call before its award (终止公告); its bidders and evaluators are told.</summary>
public sealed record ProjectCancelled(Guid ProjectId, string Title, string UnionPath, string Reason, DateTimeOffset At);

/// <summary>An organization submitted or amended its sealed bid. Only the bidder and, as a count, the union learn of it.</summary>
public sealed record BidSubmitted(Guid ProjectId, Guid BidId, Guid OrganizationId, string UnionPath, int BidCount, DateTimeOffset At, string? Title = null);

/// <summary>An organization withdrew its bid.</summary>
public sealed record BidWithdrawn(Guid ProjectId, Guid BidId, Guid OrganizationId, string UnionPath, int BidCount, DateTimeOffset At, string? Title = null);

/// <summary>The bid deadline passed and bidding closed.</summary>
public sealed record BiddingClosed(Guid ProjectId, string Title, string UnionPath, int BidCount, bool NoAward, DateTimeOffset At);

/// <summary>A contract was created from an awarded bid.</summary>
public sealed record ContractAwarded(Guid ContractId, Guid ProjectId, Guid OrganizationId, string UnionPath, string Title, long AmountFen, DateTimeOffset At);

/// <summary>The union assigned evaluators; each is told privately.</summary>
public sealed record EvaluatorsAssigned(Guid ProjectId, string Title, string UnionPath, IReadOnlyList<Guid> EvaluatorIds, DateTimeOffset At);

/// <summary>An evaluator declared having no conflict of interest with any bidder, and may now see and score the bids.</summary>
public sealed record NoConflictDeclared(Guid ProjectId, Guid EvaluatorId, string UnionPath, DateTimeOffset At);

/// <summary>An evaluator declared a conflict of interest and left the project.</summary>
public sealed record ConflictDeclared(Guid ProjectId, Guid EvaluatorId, string UnionPath, DateTimeOffset At);

/// <summary>An evaluator scored a bid (scores stay with the union until award).</summary>
public sealed record BidScored(Guid ProjectId, Guid BidId, Guid EvaluatorId, string UnionPath, DateTimeOffset At);

/// <summary>The union awarded a bid; <see cref="Reason"/> is set when it was not the top-ranked one.</summary>
public sealed record ProjectAwarded(Guid ProjectId, string Title, Guid BidId, Guid OrganizationId, Guid ContractId, long AmountFen,
    string UnionPath, string? Reason, DateTimeOffset At);

/// <summary>
/// The union chose a bid and published the proposed award (中标公示): bidders may object until <see cref="PublicityEndsAt"/>;
/// the contract follows when the period ends with no objection upheld (<see cref="ProjectAwarded"/>).
/// </summary>
public sealed record AwardProposed(Guid ProjectId, string Title, Guid BidId, Guid OrganizationId, long AmountFen, string UnionPath,
    DateTimeOffset PublicityEndsAt, DateTimeOffset At);

/// <summary>An upheld objection withdrew the proposed award: the project is under evaluation again.</summary>
public sealed record AwardWithdrawn(Guid ProjectId, string Title, Guid BidId, string UnionPath, DateTimeOffset At);

/// <summary>A bidder objected (质疑) to the proposed award during its publicity; the union answers it.</summary>
public sealed record ObjectionFiled(Guid ProjectId, string Title, Guid ObjectionId, Guid OrganizationId, string UnionPath, DateTimeOffset At);

/// <summary>The union answered an objection; the objecting organization is told the outcome and the reason.</summary>
public sealed record ObjectionAnswered(Guid ProjectId, string Title, Guid ObjectionId, Guid OrganizationId, ObjectionOutcome Outcome, string Answer,
    string UnionPath, DateTimeOffset At);

/// <summary>A union published an announcement (通知公告) to everyone.</summary>
public sealed record AnnouncementPublished(Guid AnnouncementId, string Title, AnnouncementKind Kind, string UnionPath, DateTimeOffset At);

/// <summary>A union corrected its announcement.</summary>
public sealed record AnnouncementUpdated(Guid AnnouncementId, string Title, string UnionPath, DateTimeOffset At);

/// <summary>A union withdrew its announcement; it is no longer shown.</summary>
public sealed record AnnouncementWithdrawn(Guid AnnouncementId, string Title, string UnionPath, DateTimeOffset At);

/// <summary>An evaluator declared a tie to an organization (回避申报); kept in the audit trail, shown to nobody else.</summary>
public sealed record EvaluatorTieDeclared(Guid EvaluatorId, Guid OrganizationId, string Nature, DateTimeOffset At);

/// <summary>An evaluator withdrew a declared tie.</summary>
public sealed record EvaluatorTieWithdrawn(Guid EvaluatorId, Guid OrganizationId, DateTimeOffset At);

/// <summary>The union added a call document (招标文件) or its next version; after publication its bidders are told.</summary>
public sealed record CallDocumentAdded(Guid ProjectId, string Title, Guid DocumentId, string FileName, int Version, bool Published, string UnionPath, DateTimeOffset At);

/// <summary>The union removed a call document from its draft.</summary>
public sealed record CallDocumentRemoved(Guid ProjectId, Guid DocumentId, string UnionPath, DateTimeOffset At);

/// <summary>A bidder attached a proposal document (投标文件) to its sealed bid; nobody else hears of it.</summary>
public sealed record ProposalDocumentAdded(Guid ProjectId, Guid BidId, Guid DocumentId, Guid OrganizationId, string UnionPath, DateTimeOffset At);

/// <summary>A bidder removed a proposal document from its bid before the deadline.</summary>
public sealed record ProposalDocumentRemoved(Guid ProjectId, Guid BidId, Guid DocumentId, Guid OrganizationId, string UnionPath, DateTimeOffset At);

/// <summary>A member attached a document to its organization's application (registration certificate, charter…).</summary>
public sealed record OrganizationDocumentAdded(Guid OrganizationId, Guid DocumentId, string FileName, DateTimeOffset At);

/// <summary>A member removed a document from its organization's application.</summary>
public sealed record OrganizationDocumentRemoved(Guid OrganizationId, Guid DocumentId, DateTimeOffset At);

/// <summary>An account was created: by the platform admin (a union admin bound to its union, or an evaluator), or by a worker signing up.</summary>
public sealed record AccountCreated(Guid UserId, string Role, Guid? UnionId, DateTimeOffset At);

/// <summary>A worker changed the union they belong to or their groups.</summary>
public sealed record WorkerProfileChanged(Guid UserId, Guid UnionId, IReadOnlyList<string> Groups, DateTimeOffset At);

/// <summary>The platform admin locked or unlocked an account.</summary>
public sealed record AccountLockChanged(Guid UserId, bool Locked, DateTimeOffset At);

/// <summary>The platform admin bound an account to another union or organization.</summary>
public sealed record AccountRebound(Guid UserId, Guid? UnionId, Guid? OrganizationId, DateTimeOffset At);

/// <summary>A union changed its own rules (the award publicity period; null is the platform's default).</summary>
public sealed record UnionSettingsChanged(Guid UnionId, string UnionPath, int? AwardPublicityWorkingDays, DateTimeOffset At);

/// <summary>An organization reported a milestone's outcome.</summary>
public sealed record MilestoneReported(Guid ContractId, Guid MilestoneId, Guid OrganizationId, string UnionPath, string Title, string Deliverable,
    int BeneficiariesServed, DateTimeOffset At);

/// <summary>The union accepted a milestone.</summary>
public sealed record MilestoneVerified(Guid ContractId, Guid MilestoneId, Guid OrganizationId, string UnionPath, string Title, string Deliverable, DateTimeOffset At);

/// <summary>The union rejected a milestone report; it is planned again.</summary>
public sealed record MilestoneRejected(Guid ContractId, Guid MilestoneId, Guid OrganizationId, string UnionPath, string Title, string Deliverable,
    string Reason, DateTimeOffset At);

/// <summary>A verified milestone released its share of the contract amount.</summary>
public sealed record PaymentReleased(Guid ContractId, Guid MilestoneId, Guid OrganizationId, string UnionPath, long AmountFen, long TotalPaidFen, DateTimeOffset At,
    string? Title = null);

/// <summary>The last milestone was verified: the contract is complete.</summary>
public sealed record ContractCompleted(Guid ContractId, Guid OrganizationId, string UnionPath, string Title, DateTimeOffset At);

/// <summary>A quarterly review opened for a contract.</summary>
public sealed record ReviewOpened(Guid ReviewId, Guid ContractId, string Quarter, Guid OrganizationId, string UnionPath, string Title,
    IReadOnlyList<Guid> EvaluatorIds, DateTimeOffset DueAt, DateTimeOffset At);

/// <summary>A quarterly review closed at its deadline; no grade when nobody scored.</summary>
public sealed record ReviewCompleted(Guid ReviewId, Guid ContractId, string Quarter, Guid OrganizationId, string UnionPath, string Title,
    Domain.ReviewGrade? Grade, int? ScoreCentipoints, DateTimeOffset At);

/// <summary>A failed review put the contract into rectification (整改).</summary>
public sealed record RectificationRequired(Guid ContractId, Guid OrganizationId, string UnionPath, string Title, DateTimeOffset At);

/// <summary>The organization submitted its rectification report.</summary>
public sealed record RectificationSubmitted(Guid ContractId, Guid OrganizationId, string UnionPath, DateTimeOffset At);

/// <summary>The union lifted the rectification.</summary>
public sealed record RectificationLifted(Guid ContractId, Guid OrganizationId, string UnionPath, DateTimeOffset At);

/// <summary>Two consecutive failed reviews: termination is recommended to the union.</summary>
public sealed record TerminationRecommended(Guid ContractId, Guid OrganizationId, string UnionPath, string Title, DateTimeOffset At);

/// <summary>The union decided on the recommendation: terminated, or dismissed.</summary>
public sealed record TerminationDecided(Guid ContractId, Guid OrganizationId, string UnionPath, bool Terminated, string? Reason, DateTimeOffset At);

/// <summary>New notifications were written for these people; their open pages update the unread count. Not an activity.</summary>
public sealed record NoticesSent(IReadOnlyList<Guid> UserIds);

/// <summary>A worker posted a need; its union's subtree decides on it (nobody else hears of it yet).</summary>
public sealed record NeedPosted(Guid NeedId, string Title, string Category, string UnionPath, DateTimeOffset At);

/// <summary>The union accepted a need: it is public.</summary>
public sealed record NeedAccepted(Guid NeedId, string Title, string Category, Guid AuthorId, string UnionPath, DateTimeOffset At);

/// <summary>The union declined a posted need; its worker reads why.</summary>
public sealed record NeedDeclined(Guid NeedId, string Title, Guid AuthorId, string Reason, string UnionPath, DateTimeOffset At);

/// <summary>The union merged a posted need into a public one; its worker now supports that one.</summary>
public sealed record NeedMerged(Guid NeedId, string Title, Guid IntoId, Guid AuthorId, string UnionPath, DateTimeOffset At);

/// <summary>The union answered a public need (planned, in progress, not feasible); its worker and supporters are told.</summary>
public sealed record NeedAnswered(Guid NeedId, string Title, NeedStatus Status, string Answer, string UnionPath, DateTimeOffset At);

/// <summary>A worker said "我也需要": the count open pages show.</summary>
public sealed record NeedSupported(Guid NeedId, int Supports, string UnionPath, DateTimeOffset At);

/// <summary>A union drafted a project from the need; its worker and supporters follow that project from now on.</summary>
public sealed record NeedLinkedToProject(Guid NeedId, string Title, Guid ProjectId, string UnionPath, DateTimeOffset At);
