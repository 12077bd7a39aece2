using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;

namespace Procurement.Silo.Consumers;

/// <summary>Tells the people an event concerns: the organization of a rejected milestone, the union of a report to verify.</summary>
public sealed class NotificationProjection(Notifier notifier) :
    IConsumer<MilestoneRejected>, IConsumer<MilestoneReported>, IConsumer<RectificationRequired>, IConsumer<TerminationRecommended>
{
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

/// <summary>
/// Tells the evaluators of each new quarterly review. Reviews open by the thousand at a quarter end, so their
/// notifications are written in batches: one transaction for up to <see cref="MessageLimit"/> reviews.
/// </summary>
public sealed class ReviewOpenedNotifications(Notifier notifier) : IConsumer<Batch<ReviewOpened>>
{
    public const int MessageLimit = 100;
    public static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(200);

    public Task Consume(ConsumeContext<Batch<ReviewOpened>> c) =>
        notifier.NotifyAsync(c.Message.SelectMany(m => m.Message.EvaluatorIds.Select(id =>
            new Notice(id, "review-opened", m.Message.ReviewId.ToString("N"), $"{m.Message.Title} · {m.Message.Quarter}", $"/reviews/{m.Message.ReviewId}"))), c.CancellationToken);
}
