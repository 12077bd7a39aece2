using Procurement.Contracts.Domain;
using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Tells the evaluators of new reviews. A quarter start opens thousands at once, so they arrive in batches
/// (<see cref="Register"/>) and each batch's notices are written in one transaction; the notices' dedup keys make a
/// batch delivered again change nothing.
/// </summary>
public sealed class ReviewNotices(Notifier notifier) : IConsumer<Batch<ReviewOpened>>
{
    /// <summary>Up to this many events a batch, gathered for at most <see cref="Gather"/>.</summary>
    public const int BatchSize = 100;

    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(200);

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ReviewNotices>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(Gather)))
            .Endpoint(e => e.PrefetchCount = BatchSize * 2);

    public Task Consume(ConsumeContext<Batch<ReviewOpened>> c) =>
        notifier.NotifyAsync(c.Message.SelectMany(m => m.Message.EvaluatorIds.Select(id => new Notice(id, "review-opened", m.Message.ReviewId.ToString("N"),
            $"{m.Message.Title} · {ChinaTime.QuarterName(m.Message.Quarter)}", $"/reviews/{m.Message.ReviewId}"))), c.CancellationToken);
}

/// <summary>Tells the people an event concerns: the organization of a rejected milestone, the union of a report to verify, of a contract in trouble.</summary>
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
