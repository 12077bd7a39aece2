using Procurement.Contracts.Domain;
using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MassTransit;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Projects events into the activity stream the dashboards show. Each line keeps who may see it: the union
/// subtree, the organization concerned, and whether it is public (the event's <see cref="Audience"/>, the live feed's rule).
/// </summary>
public sealed partial class ActivityProjection(ProcurementDb db, [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<ActivityProjection> log) :
    IConsumer<OrganizationApproved>, IConsumer<ProjectPublished>, IConsumer<ProjectAmended>, IConsumer<ProjectCancelled>, IConsumer<BidSubmitted>,
    IConsumer<BidWithdrawn>, IConsumer<BiddingClosed>, IConsumer<AwardProposed>, IConsumer<AwardWithdrawn>, IConsumer<ContractAwarded>,
    IConsumer<MilestoneReported>, IConsumer<MilestoneVerified>, IConsumer<MilestoneRejected>, IConsumer<ReviewCompleted>,
    IConsumer<RectificationRequired>, IConsumer<TerminationRecommended>
{
    public Task Consume(ConsumeContext<OrganizationApproved> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Name, OrganizationId = c.Message.OrganizationId });

    public Task Consume(ConsumeContext<ProjectPublished> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<ProjectAmended> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<ProjectCancelled> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<BidSubmitted> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title ?? "", OrganizationId = c.Message.OrganizationId, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<BidWithdrawn> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title ?? "", OrganizationId = c.Message.OrganizationId, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<BiddingClosed> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<AwardProposed> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, OrganizationId = c.Message.OrganizationId, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<AwardWithdrawn> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<ContractAwarded> c) =>
        Record(c, new Activity
        {
            At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, OrganizationId = c.Message.OrganizationId,
            ProjectId = c.Message.ProjectId, ContractId = c.Message.ContractId,
        });

    public Task Consume(ConsumeContext<MilestoneReported> c) => Party(c, c.Message.At, c.Message.UnionPath, $"{c.Message.Title} · {c.Message.Deliverable}", c.Message.OrganizationId, c.Message.ContractId);
    public Task Consume(ConsumeContext<MilestoneVerified> c) => Party(c, c.Message.At, c.Message.UnionPath, $"{c.Message.Title} · {c.Message.Deliverable}", c.Message.OrganizationId, c.Message.ContractId);
    public Task Consume(ConsumeContext<MilestoneRejected> c) => Party(c, c.Message.At, c.Message.UnionPath, $"{c.Message.Title} · {c.Message.Deliverable}", c.Message.OrganizationId, c.Message.ContractId);
    public Task Consume(ConsumeContext<ReviewCompleted> c) => Party(c, c.Message.At, c.Message.UnionPath, $"{c.Message.Title} · {ChinaTime.QuarterName(c.Message.Quarter)}", c.Message.OrganizationId, c.Message.ContractId);
    public Task Consume(ConsumeContext<RectificationRequired> c) => Party(c, c.Message.At, c.Message.UnionPath, c.Message.Title, c.Message.OrganizationId, c.Message.ContractId);
    public Task Consume(ConsumeContext<TerminationRecommended> c) => Party(c, c.Message.At, c.Message.UnionPath, c.Message.Title, c.Message.OrganizationId, c.Message.ContractId);

    private Task Party<T>(ConsumeContext<T> c, DateTimeOffset at, string unionPath, string title, Guid organizationId, Guid contractId) where T : class =>
        Record(c, new Activity { At = at, UnionPath = unionPath, Title = title, OrganizationId = organizationId, ContractId = contractId });

    private async Task Record<T>(ConsumeContext<T> context, Activity activity) where T : class
    {
        activity.Id = context.MessageId!.Value;
        activity.Kind = typeof(T).Name;
        activity.IsPublic = Audiences.Of(typeof(T)) == Audience.Public;
        var recorded = await db.HandleOnceAsync(context, nameof(ActivityProjection), time, () =>
        {
            db.Activities.Add(activity);
            return Task.CompletedTask;
        });
        LogProjected(activity.Kind, activity.Id, recorded);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Event {Event} {MessageId} projected to the activity stream: {Recorded}")]
    private partial void LogProjected(string @event, Guid messageId, bool recorded);
}
