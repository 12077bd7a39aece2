using MassTransit;
using Microsoft.AspNetCore.SignalR;
using Procurement.Contracts.Messages;

namespace Procurement.Web.LiveFeed;

/// <summary>What a browser receives: the event's name, when it happened, and the facts its audience may see.</summary>
public sealed record LiveEvent(string Kind, DateTimeOffset At, object Data);

/// <summary>
/// Forwards bus events to this Web instance's SignalR clients, each to the audience allowed to see it. Every Web
/// instance has its own temporary endpoint, so every instance receives every event (docs/adr/ADR-002). An event that
/// moves a project, a contract or an organization also marks this instance's aggregated figures stale.
/// </summary>
public sealed class LiveFeedConsumer(IHubContext<EventsHub> hub, Features.AggregateCache aggregates) :
    IConsumer<OrganizationApproved>, IConsumer<ProjectPublished>, IConsumer<BidSubmitted>, IConsumer<BidWithdrawn>,
    IConsumer<BiddingClosed>, IConsumer<ContractAwarded>, IConsumer<BidScored>,
    IConsumer<MilestoneReported>, IConsumer<MilestoneVerified>, IConsumer<MilestoneRejected>, IConsumer<PaymentReleased>,
    IConsumer<ContractCompleted>, IConsumer<ReviewOpened>, IConsumer<ReviewCompleted>, IConsumer<RectificationRequired>,
    IConsumer<RectificationSubmitted>, IConsumer<RectificationLifted>, IConsumer<TerminationRecommended>, IConsumer<TerminationDecided>
{
    public Task Consume(ConsumeContext<OrganizationApproved> c) => ToPublic(c.Message.At, c.Message);

    public Task Consume(ConsumeContext<ProjectPublished> c) => ToPublic(c.Message.At, c.Message);

    public Task Consume(ConsumeContext<BiddingClosed> c) => ToPublic(c.Message.At, c.Message);

    public Task Consume(ConsumeContext<ContractAwarded> c) => ToPublic(c.Message.At, c.Message);

    // Sealed: the bidder sees its own bid; the union sees only that the count changed; nobody else hears of it.
    public Task Consume(ConsumeContext<BidSubmitted> c) => Sealed(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath,
        new { c.Message.ProjectId, c.Message.BidCount });

    public Task Consume(ConsumeContext<BidWithdrawn> c) => Sealed(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath,
        new { c.Message.ProjectId, c.Message.BidCount });

    // Evaluation progress is the union's business only (scores stay with it until the award).
    public Task Consume(ConsumeContext<BidScored> c) =>
        hub.Clients.Groups([.. UnionGroups(c.Message.UnionPath), EventsHub.Admins])
            .SendAsync("event", new LiveEvent(nameof(BidScored), c.Message.At, new { c.Message.ProjectId, c.Message.BidId }));

    // Delivery concerns the contract's parties only: its union's subtree and the organization.
    public Task Consume(ConsumeContext<MilestoneReported> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<MilestoneVerified> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<MilestoneRejected> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<PaymentReleased> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ContractCompleted> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ReviewOpened> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<ReviewCompleted> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationRequired> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationSubmitted> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<RectificationLifted> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<TerminationRecommended> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);
    public Task Consume(ConsumeContext<TerminationDecided> c) => ToParties(c.Message.At, c.Message, c.Message.OrganizationId, c.Message.UnionPath);

    // Bids and scores stay out of every aggregate (sealed until the award), so only these two mark the figures stale.
    private Task ToParties<T>(DateTimeOffset at, T message, Guid organizationId, string unionPath) where T : notnull
    {
        aggregates.Changed();
        return hub.Clients.Groups([.. UnionGroups(unionPath), EventsHub.OrganizationGroup(organizationId), EventsHub.Admins])
            .SendAsync("event", new LiveEvent(typeof(T).Name, at, message));
    }

    private Task ToPublic<T>(DateTimeOffset at, T message) where T : notnull
    {
        aggregates.Changed();
        return hub.Clients.Group(EventsHub.Public).SendAsync("event", new LiveEvent(typeof(T).Name, at, message));
    }

    private async Task Sealed<T>(DateTimeOffset at, T message, Guid organizationId, string unionPath, object unionView) where T : notnull
    {
        await hub.Clients.Group(EventsHub.OrganizationGroup(organizationId)).SendAsync("event", new LiveEvent(typeof(T).Name, at, message));
        await hub.Clients.Groups([.. UnionGroups(unionPath), EventsHub.Admins]).SendAsync("event", new LiveEvent(typeof(T).Name, at, unionView));
    }

    /// <summary>The groups of every union on the path: an event in a subtree is visible to each union above it.</summary>
    public static IEnumerable<string> UnionGroups(string unionPath) =>
        unionPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(id => EventsHub.UnionGroup(Guid.ParseExact(id, "N")));
}

public static class LiveFeedExtensions
{
    public const string EndpointPrefix = "live-feed-";
    /// <summary>How long a Web instance's queue outlives the instance (then the broker deletes it).</summary>
    public static readonly TimeSpan QueueExpiry = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Registers the live feed on a per-instance endpoint so each Web instance sees every event. The queue is durable, so
    /// it survives a broker restart with the events published meanwhile, and expires once its instance has been gone a while.
    /// </summary>
    public static void AddLiveFeed(this IBusRegistrationConfigurator bus, IConfiguration config)
    {
        var instance = (config["Web:InstanceId"] ?? $"{Environment.MachineName}-{Environment.ProcessId}").ToLowerInvariant();
        bus.AddConsumer<LiveFeedConsumer>().Endpoint(e =>
        {
            e.Name = EndpointPrefix + instance;
            e.Temporary = false;
        });
        bus.AddConfigureEndpointsCallback((name, endpoint) =>
        {
            if (name.StartsWith(EndpointPrefix, StringComparison.Ordinal) && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                rabbit.QueueExpiration = QueueExpiry;
        });
    }
}
