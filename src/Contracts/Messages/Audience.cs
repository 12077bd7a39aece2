namespace Procurement.Contracts.Messages;

/// <summary>Who may hear of an event: the one rule the activity stream and the live feed both follow.</summary>
public enum Audience
{
    /// <summary>Everyone, signed in or not: an approved organization, a published project, a closed bidding, an award.</summary>
    Public,

    /// <summary>A sealed bid: the bidding organization sees it; its union's subtree sees only that the count changed; nobody else hears of it.</summary>
    Sealed,

    /// <summary>The union's subtree only: evaluation progress (scores stay with the union until the award).</summary>
    Union,

    /// <summary>The parties of a contract: its union's subtree and the organization delivering it.</summary>
    Parties,
}

/// <summary>The audience of each event the platform shows.</summary>
public static class Audiences
{
    private static readonly Dictionary<Type, Audience> ByEvent = new()
    {
        [typeof(OrganizationApproved)] = Audience.Public,
        [typeof(ProjectPublished)] = Audience.Public,
        [typeof(ProjectAmended)] = Audience.Public,
        [typeof(ProjectCancelled)] = Audience.Public,
        [typeof(BiddingClosed)] = Audience.Public,
        [typeof(ContractAwarded)] = Audience.Public,
        [typeof(AwardProposed)] = Audience.Public,
        [typeof(AnnouncementPublished)] = Audience.Public,
        [typeof(AnnouncementUpdated)] = Audience.Public,
        [typeof(AnnouncementWithdrawn)] = Audience.Public,
        [typeof(AwardWithdrawn)] = Audience.Public,
        [typeof(NeedAccepted)] = Audience.Public,
        [typeof(NeedAnswered)] = Audience.Public,
        [typeof(NeedSupported)] = Audience.Public,
        [typeof(NeedLinkedToProject)] = Audience.Public,
        [typeof(NeedPosted)] = Audience.Union,
        [typeof(ObjectionFiled)] = Audience.Union,
        [typeof(ObjectionAnswered)] = Audience.Union,
        [typeof(BidSubmitted)] = Audience.Sealed,
        [typeof(BidWithdrawn)] = Audience.Sealed,
        [typeof(BidScored)] = Audience.Union,
        [typeof(MilestoneReported)] = Audience.Parties,
        [typeof(MilestoneVerified)] = Audience.Parties,
        [typeof(MilestoneRejected)] = Audience.Parties,
        [typeof(PaymentReleased)] = Audience.Parties,
        [typeof(ContractCompleted)] = Audience.Parties,
        [typeof(ReviewOpened)] = Audience.Parties,
        [typeof(ReviewCompleted)] = Audience.Parties,
        [typeof(RectificationRequired)] = Audience.Parties,
        [typeof(RectificationSubmitted)] = Audience.Parties,
        [typeof(RectificationLifted)] = Audience.Parties,
        [typeof(TerminationRecommended)] = Audience.Parties,
        [typeof(TerminationDecided)] = Audience.Parties,
    };

    /// <exception cref="ArgumentException">The event is not shown to anyone (it has no audience).</exception>
    public static Audience Of(Type eventType) =>
        ByEvent.TryGetValue(eventType, out var audience) ? audience : throw new ArgumentException($"{eventType.Name} has no audience: it is shown to nobody.", nameof(eventType));
}
