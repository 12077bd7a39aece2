using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Procurement.Contracts.Messages;

namespace Procurement.Web.LiveFeed;

/// <summary>What a browser receives: the event's name, when it happened, and the facts its audience may see.</summary>
public sealed record LiveEvent(string Kind, DateTimeOffset At, object Data);

/// <summary>
/// Forwards bus events to this Web instance's SignalR clients, each to its <see cref="Audience"/> (the rule the activity
/// stream follows too). Every Web instance has its own endpoint, so every instance receives every event
/// (docs/adr/ADR-002). An event that moves a project, a contract or an organization also marks this instance's
/// aggregated figures stale.
/// </summary>
public sealed class LiveFeedConsumer(IHubContext<EventsHub> hub, Features.AggregateCache aggregates) :
    IConsumer<OrganizationApproved>, IConsumer<ProjectPublished>, IConsumer<ProjectAmended>, IConsumer<ProjectCancelled>, IConsumer<BidSubmitted>, IConsumer<BidWithdrawn>,
    IConsumer<BiddingClosed>, IConsumer<AwardProposed>, IConsumer<AwardWithdrawn>, IConsumer<ObjectionFiled>, IConsumer<ObjectionAnswered>,
    IConsumer<ContractAwarded>, IConsumer<BidScored>, IConsumer<AnnouncementPublished>, IConsumer<AnnouncementUpdated>, IConsumer<AnnouncementWithdrawn>,
    IConsumer<MilestoneReported>, IConsumer<MilestoneVerified>, IConsumer<MilestoneRejected>, IConsumer<PaymentReleased>,
    IConsumer<ContractCompleted>, IConsumer<ReviewOpened>, IConsumer<ReviewCompleted>, IConsumer<RectificationRequired>,
    IConsumer<RectificationSubmitted>, IConsumer<RectificationLifted>, IConsumer<TerminationRecommended>, IConsumer<TerminationDecided>,
    IConsumer<NeedPosted>, IConsumer<NeedAccepted>, IConsumer<NeedAnswered>, IConsumer<NeedSupported>, IConsumer<NeedLinkedToProject>
{

    public Task Consume(ConsumeContext<OrganizationApproved> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ProjectPublished> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ProjectAmended> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ProjectCancelled> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<BiddingClosed> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<AwardProposed> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<AwardWithdrawn> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ObjectionFiled> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ObjectionAnswered> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ContractAwarded> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<AnnouncementPublished> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<AnnouncementUpdated> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<AnnouncementWithdrawn> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);

    public Task Consume(ConsumeContext<NeedPosted> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    // Who posted a need is never shown: the public hears which need, not whose.
    public Task Consume(ConsumeContext<NeedAccepted> c) => Send(c.Message.At, c.Message with { AuthorId = Guid.Empty }, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<NeedAnswered> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    public Task Consume(ConsumeContext<NeedSupported> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath);
    // That a need is planned is public; the project it joined is a draft of its union until published (then its own event).
    public Task Consume(ConsumeContext<NeedLinkedToProject> c) => Send(c.Message.At, c.Message with { ProjectId = Guid.Empty }, null, c.Message.UnionPath);

    // The union's side of a sealed bid: that the count of a project changed (the project named, never the bidder).
    public Task Consume(ConsumeContext<BidSubmitted> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath, new { c.Message.ProjectId, c.Message.BidCount, c.Message.Title });
    public Task Consume(ConsumeContext<BidWithdrawn> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath, new { c.Message.ProjectId, c.Message.BidCount, c.Message.Title });

    // Which bid was scored, not by whom.
    public Task Consume(ConsumeContext<BidScored> c) => Send(c.Message.At, c.Message, null, c.Message.UnionPath, new { c.Message.ProjectId, c.Message.BidId });

    public Task Consume(ConsumeContext<MilestoneReported> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<MilestoneVerified> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<MilestoneRejected> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<PaymentReleased> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ContractCompleted> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ReviewOpened> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ReviewCompleted> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationRequired> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationSubmitted> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationLifted> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<TerminationRecommended> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<TerminationDecided> c) => Send(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);

    /// <param name="organizationId">The organization the event concerns (the bidder, the contract's organization).</param>
    /// <param name="unionView">What the union's subtree receives instead of the whole event, where it may not see all of it.</param>
    private async Task Send<T>(DateTimeOffset at, T message, Guid? organizationId, string unionPath, object? unionView = null) where T : notnull
    {
        var kind = typeof(T).Name;
        string[] union = [.. UnionGroups(unionPath), EventsHub.Admins];
        switch (Audiences.Of(typeof(T)))
        {
            case Audience.Public:
                // A support moves one need's count: the board's cached totals catch up within AggregateCache.MaxAge rather
                // than every figure of the site being recomputed on each 我也需要.
                if (typeof(T) != typeof(NeedSupported)) aggregates.Changed();
                await hub.Clients.Group(EventsHub.Public).SendAsync("event", new LiveEvent(kind, at, message));
                break;
            case Audience.Sealed:
                // Bids stay out of every aggregate (sealed until the award): nothing to mark stale.
                await hub.Clients.Group(EventsHub.OrganizationGroup(Concerned(organizationId, kind))).SendAsync("event", new LiveEvent(kind, at, message));
                await hub.Clients.Groups(union).SendAsync("event", new LiveEvent(kind, at, unionView ?? throw new InvalidOperationException($"{kind} is sealed: give the union's view.")));
                break;
            case Audience.Union:
                await hub.Clients.Groups(union).SendAsync("event", new LiveEvent(kind, at, unionView ?? message));
                break;
            case Audience.Parties:
                aggregates.Changed();
                await hub.Clients.Groups([.. union, EventsHub.OrganizationGroup(Concerned(organizationId, kind))]).SendAsync("event", new LiveEvent(kind, at, message));
                break;
        }
    }

    private static Guid Concerned(Guid? organizationId, string kind) =>
        organizationId ?? throw new InvalidOperationException($"{kind} goes to an organization: give its id.");

    /// <summary>The groups of every union on the path: an event in a subtree is visible to each union above it.</summary>
    public static IEnumerable<string> UnionGroups(string unionPath) =>
        unionPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(id => EventsHub.UnionGroup(Guid.ParseExact(id, "N")));
}

/// <summary>Tells a person's open pages that notices of theirs were written (the menu asks for its unread count again). Not an event anyone else hears of.</summary>
public sealed class NoticeSignals(IHubContext<EventsHub> hub) : IConsumer<NoticesSent>
{
    public Task Consume(ConsumeContext<NoticesSent> c) =>
        hub.Clients.Groups([.. c.Message.UserIds.Select(EventsHub.UserGroup)]).SendAsync("notices");
}

public static class LiveFeedExtensions
{
    public const string EndpointPrefix = "live-feed-";
    /// <summary>How long a Web instance's queue outlives the instance (then the broker deletes it).</summary>
    public static readonly TimeSpan QueueExpiry = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Registers the live feed (and the notice signals) on a per-instance endpoint so each Web instance sees every event. The queue is durable, so
    /// it survives a broker restart with the events published meanwhile, and expires once its instance has been gone a while.
    /// </summary>
    public static void AddLiveFeed(this IBusRegistrationConfigurator bus, IConfiguration config)
    {
        var instance = (config["Web:InstanceId"] ?? $"{Environment.MachineName}-{Environment.ProcessId}").ToLowerInvariant();
        void OnInstanceEndpoint(IEndpointRegistrationConfigurator e)
        {
            e.Name = EndpointPrefix + instance;
            e.Temporary = false;
        }
        bus.AddConsumer<LiveFeedConsumer>().Endpoint(OnInstanceEndpoint);
        bus.AddConsumer<NoticeSignals>().Endpoint(OnInstanceEndpoint);
        bus.AddConfigureEndpointsCallback((name, endpoint) =>
        {
            if (name.StartsWith(EndpointPrefix, StringComparison.Ordinal) && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                rabbit.QueueExpiration = QueueExpiry;
        });
    }
}
