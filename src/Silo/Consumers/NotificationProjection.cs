using Procurement.Contracts.Domain;
using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;

namespace Procurement.Silo.Consumers;

/// <summary>Tells the people an event concerns: evaluators of a new review, the organization of a rejected milestone, the union of a report to verify.</summary>
public sealed class NotificationProjection(Notifier notifier) :
    IConsumer<ReviewOpened>, IConsumer<MilestoneRejected>, IConsumer<MilestoneReported>, IConsumer<RectificationRequired>, IConsumer<TerminationRecommended>
{
    public Task Consume(ConsumeContext<ReviewOpened> c) =>
        notifier.NotifyAsync(c.Message.EvaluatorIds, "review-opened", c.Message.ReviewId.ToString("N"), $"{c.Message.Title} · {ChinaTime.QuarterName(c.Message.Quarter)}", $"/reviews/{c.Message.ReviewId}", c.CancellationToken);

    public async Task Consume(ConsumeContext<MilestoneRejected> c) =>
        await notifier.NotifyAsync(await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), "milestone-rejected",
            c.MessageId!.Value.ToString("N"), $"{c.Message.Title} · {c.Message.Deliverable}：{c.Message.Reason}", $"/contracts/{c.Message.ContractId}", c.CancellationToken);

    public async Task Consume(ConsumeContext<MilestoneReported> c) =>
        await notifier.NotifyAsync(await UnionAdmins(c.Message.UnionPath, c.CancellationToken), "milestone-reported",
            c.MessageId!.Value.ToString("N"), $"{c.Message.Title} · {c.Message.Deliverable}", $"/contracts/{c.Message.ContractId}", c.CancellationToken);

    public async Task Consume(ConsumeContext<RectificationRequired> c) =>
        await notifier.NotifyAsync(await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), "rectification-required",
            c.MessageId!.Value.ToString("N"), c.Message.Title, $"/contracts/{c.Message.ContractId}", c.CancellationToken);

    public async Task Consume(ConsumeContext<TerminationRecommended> c) =>
        await notifier.NotifyAsync(await UnionAdmins(c.Message.UnionPath, c.CancellationToken), "termination-recommended",
            c.MessageId!.Value.ToString("N"), c.Message.Title, $"/contracts/{c.Message.ContractId}", c.CancellationToken);

    /// <summary>The admins of the contract's own union (the last id on its path).</summary>
    private Task<List<Guid>> UnionAdmins(string unionPath, CancellationToken ct) =>
        notifier.UnionAdminsAsync(Guid.ParseExact(unionPath.TrimEnd('/').Split('/')[^1], "N"), ct);
}
