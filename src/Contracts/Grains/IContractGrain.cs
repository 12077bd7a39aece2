using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A service contract between a union and an organization, with its milestones and quarterly reviews; keyed by the contract id.</summary>
[Alias("contract")]
public interface IContractGrain : IGrainWithGuidKey
{
    /// <summary>Creates the contract from an awarded bid, with the bid's amount and milestones.</summary>
    Task CreateFromAward(Guid projectId, Guid bidId);

    /// <summary>The contracted organization reports a planned milestone's outcome.</summary>
    Task ReportMilestone(Guid milestoneId, MilestoneReport report, Actor actor);

    /// <summary>The union accepts a reported milestone (releasing its payment) or rejects it with a reason (back to planned).</summary>
    Task VerifyMilestone(Guid milestoneId, bool accept, string? reason, Actor actor);

    /// <summary>Opens the review of a calendar quarter if the contract was active in it; false when it exists already or does not apply.</summary>
    Task<bool> OpenReview(string quarter, DateTimeOffset quarterEnd, DateTimeOffset dueAt);

    /// <summary>An evaluator of the review scores it, optionally declaring no conflict in the same step.</summary>
    Task ScoreReview(Guid reviewId, ReviewScoresInput scores, bool declareNoConflict, Actor actor);

    /// <summary>Closes a review at its deadline with its grade; false when it was not due or already closed.</summary>
    Task<bool> CloseReview(Guid reviewId);

    /// <summary>The organization submits its rectification report while the contract is in rectification.</summary>
    Task SubmitRectification(string report, Actor actor);

    /// <summary>The union ends the rectification: the contract is active again.</summary>
    Task LiftRectification(Actor actor);

    /// <summary>The union confirms (terminates the contract) or dismisses a termination recommendation.</summary>
    Task DecideTermination(bool terminate, string? reason, Actor actor);
}
