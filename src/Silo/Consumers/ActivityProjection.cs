using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Projects events into the activity stream the dashboards show. Each line keeps who may see it: the union
/// subtree, the organization concerned, and whether it is public. Sealed-bid events are never public.
/// </summary>
public sealed class ActivityProjection(ProcurementDb db, TimeProvider time) :
    IConsumer<OrganizationApproved>, IConsumer<ProjectPublished>, IConsumer<BidSubmitted>,
    IConsumer<BidWithdrawn>, IConsumer<BiddingClosed>, IConsumer<ContractAwarded>
{
    public Task Consume(ConsumeContext<OrganizationApproved> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Name, OrganizationId = c.Message.OrganizationId, IsPublic = true });

    public Task Consume(ConsumeContext<ProjectPublished> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId, IsPublic = true });

    public Task Consume(ConsumeContext<BidSubmitted> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, OrganizationId = c.Message.OrganizationId, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<BidWithdrawn> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, OrganizationId = c.Message.OrganizationId, ProjectId = c.Message.ProjectId });

    public Task Consume(ConsumeContext<BiddingClosed> c) =>
        Record(c, new Activity { At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, ProjectId = c.Message.ProjectId, IsPublic = true });

    public Task Consume(ConsumeContext<ContractAwarded> c) =>
        Record(c, new Activity
        {
            At = c.Message.At, UnionPath = c.Message.UnionPath, Title = c.Message.Title, OrganizationId = c.Message.OrganizationId,
            ProjectId = c.Message.ProjectId, ContractId = c.Message.ContractId, IsPublic = true,
        });

    private Task Record<T>(ConsumeContext<T> context, Activity activity) where T : class
    {
        activity.Id = context.MessageId!.Value;
        activity.Kind = typeof(T).Name;
        return db.HandleOnceAsync(context, nameof(ActivityProjection), time, () =>
        {
            db.Activities.Add(activity);
            return Task.CompletedTask;
        });
    }
}
