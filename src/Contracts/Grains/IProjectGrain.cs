using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A service project with its sealed bids and their evaluation, keyed by the project id.</summary>
[Alias("project")]
public interface IProjectGrain : IGrainWithGuidKey
{
    /// <summary>Creates the draft for the actor's union or a union below it.</summary>
    Task CreateDraft(ProjectDraft draft, Actor actor);

    /// <summary>Replaces a draft's content (its union stays) until it is published.</summary>
    Task UpdateDraft(ProjectDraft draft, Actor actor);

    /// <summary>
    /// Amends a published call before its deadline (更正公告) with a note saying what changed: its union stays, an opened
    /// bidding keeps its opening time, the budget stays above every live bid. A new deadline re-schedules the close.
    /// </summary>
    Task Amend(ProjectDraft draft, string note, Actor actor);

    /// <summary>Cancels a published call before its award (终止公告) with a reason; its bids no longer bind anyone.</summary>
    Task Cancel(string reason, Actor actor);

    /// <summary>
    /// Adds a call document (招标文件) to a draft, or to a published call before its deadline; a file of a name already
    /// attached becomes that document's next version (the earlier ones stay readable). Returns the document's id.
    /// </summary>
    Task<Guid> AddCallDocument(EvidenceInput file, Actor actor);

    /// <summary>Removes a call document from a draft (a published call's documents are only superseded).</summary>
    Task RemoveCallDocument(Guid documentId, Actor actor);

    /// <summary>Attaches a proposal document (投标文件) to the actor's organization's live bid, named by its id, while bidding is open; sealed like the bid.</summary>
    Task<Guid> AddProposalDocument(Guid bidId, EvidenceInput file, Actor actor);

    /// <summary>Removes a proposal document from the actor's organization's live bid while bidding is open.</summary>
    Task RemoveProposalDocument(Guid bidId, Guid documentId, Actor actor);

    /// <summary>Validates the whole project and opens it for bids until its deadline.</summary>
    Task Publish(Actor actor);

    /// <summary>Submits or amends the actor's organization's sealed bid; returns the bid id.</summary>
    Task<Guid> SubmitBid(BidDraft bid, Actor actor);

    /// <summary>Withdraws the actor's organization's live bid, named by its id, before the deadline.</summary>
    Task WithdrawBid(Guid bidId, Actor actor);

    /// <summary>Closes bidding once the deadline has passed (the scheduler calls it); no eligible bid → NoAward.</summary>
    Task<bool> CloseBidding();

    /// <summary>The union assigns evaluators (replacing those who have not scored yet).</summary>
    Task AssignEvaluators(IReadOnlyList<Guid> evaluatorIds, Actor actor);

    /// <summary>An assigned evaluator declares whether they have a conflict of interest; a conflict removes them from the project.</summary>
    Task DeclareConflict(bool hasConflict, Actor actor);

    /// <summary>An evaluator scores every criterion of one bid, optionally declaring no conflict in the same step.</summary>
    Task ScoreBid(Guid bidId, IReadOnlyList<CriterionScoreInput> scores, bool declareNoConflict, Actor actor);

    /// <summary>
    /// The union chooses the award: the top-ranked bid, or another with a written reason. It is published for objections
    /// (中标公示) for the union's period in working days; a union whose period is 0 makes it final at once (the outcome
    /// then names the contract to create).
    /// </summary>
    Task<AwardOutcome> ProposeAward(Guid bidId, string? reason, Actor actor);

    /// <summary>A bidder objects to the proposed award during its publicity, with a reason and at most one attachment; returns the objection's id.</summary>
    Task<Guid> FileObjection(string reason, EvidenceInput? attachment, Actor actor);

    /// <summary>
    /// The union answers an objection with a reason: upheld withdraws the proposed award (evaluation reopens: evaluators may
    /// revise their scores, another bid may be proposed); dismissed keeps it.
    /// </summary>
    Task AnswerObjection(Guid objectionId, bool upheld, string answer, Actor actor);

    /// <summary>
    /// Makes the proposed award final once its publicity has ended and every objection is answered (the scheduler calls it;
    /// exactly once whatever calls it how often); null when there is nothing to conclude.
    /// </summary>
    Task<AwardOutcome?> ConcludeAward();
}

public static class DocumentLimits
{
    /// <summary>Call documents of one project, every version counted.</summary>
    public const int MaxCallDocuments = 30;

    /// <summary>Proposal documents of one bid, and an organization's application documents.</summary>
    public const int MaxProposalDocuments = 10;
}
