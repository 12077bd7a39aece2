using Procurement.Tests.Support;
using System.Collections.Concurrent;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Consumers;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Outbox;

/// <summary>Events leave through the outbox at least once, and an idempotent consumer's effect happens exactly once.</summary>
public sealed class OutboxDispatchTests
{
    [Fact]
    public async Task An_event_a_crashed_node_committed_is_published_by_the_next_node_and_handled_once_even_when_published_again()
    {
        using var database = new TestDatabase();
        Guid projectId;
        await using (var crashed = await SiloNode.StartAsync(database, dispatch: false))
        {
            var union = await Seed.UnionAsync(crashed);
            (projectId, _) = await Seed.PublishedProjectAsync(crashed, union);
        }
        var published = await OutboxRowAsync(database, projectId);
        Assert.Null(published.SentAt); // the first node never published it

        var probe = new DeliveryProbe();
        await using var node = await StartWithProbeAsync(database, probe);

        Assert.True(await Poll.UntilAsync(() => probe.Deliveries(published.Id) == 1), "the sweep on start did not deliver the event");
        Assert.True(await Poll.UntilAsync(async () => (await OutboxRowAsync(node, projectId)).SentAt is not null), "the row was not marked sent");
        Assert.True(await Poll.UntilAsync(async () => await ActivitiesAsync(node, projectId, nameof(ProjectPublished)) == 1), "the activity projection did not run");

        // A crash after publishing but before marking the row sent: the row goes out again with the same message id.
        await node.DbAsync(db => db.Outbox.Where(m => m.Id == published.Id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.SentAt, (DateTimeOffset?)null).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null),
            TestContext.Current.CancellationToken));
        Assert.True(await Poll.UntilAsync(() => probe.Deliveries(published.Id) == 2), "the unsent row was not published again");

        Assert.Equal(1, probe.Effects(published.Id));
        Assert.Equal(1, await ActivitiesAsync(node, projectId, ProjectPublishedProbeConsumer.Kind));
        Assert.Equal(1, await ActivitiesAsync(node, projectId, nameof(ProjectPublished)));
        Assert.Equal(1, await node.DbAsync(db => db.ProcessedMessages.CountAsync(
            m => m.MessageId == published.Id && m.Consumer == nameof(ProjectPublishedProbeConsumer), TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_node_with_dispatch_on_publishes_what_its_grains_commit()
    {
        var probe = new DeliveryProbe();
        using var database = new TestDatabase();
        await using var node = await StartWithProbeAsync(database, probe);
        var (projectId, row) = await PublishAsync(node);

        Assert.True(await Poll.UntilAsync(() => probe.Deliveries(row.Id) == 1), "the committed event was not published");
        Assert.True(await Poll.UntilAsync(async () => (await OutboxRowAsync(node, projectId)).SentAt is not null), "the row was not marked sent");
        Assert.Equal(1, probe.Effects(row.Id));
    }

    [Fact]
    public async Task An_event_whose_consumer_fails_twice_is_delivered_again_and_takes_effect_once()
    {
        var probe = new DeliveryProbe { FailuresLeft = 2 };
        using var database = new TestDatabase();
        await using var node = await StartWithProbeAsync(database, probe);
        var (projectId, row) = await PublishAsync(node);

        Assert.True(await Poll.UntilAsync(() => probe.Deliveries(row.Id) == 1), "the event was not delivered again after its consumer failed");
        Assert.Equal(0, probe.FailuresLeft);
        Assert.Equal(1, probe.Effects(row.Id));
        Assert.Equal(1, await ActivitiesAsync(node, projectId, ProjectPublishedProbeConsumer.Kind));
    }

    private static Task<SiloNode> StartWithProbeAsync(TestDatabase database, DeliveryProbe probe) =>
        SiloNode.StartAsync(database, bus: b => b.AddConsumer<ProjectPublishedProbeConsumer>(), services: s => s.AddSingleton(probe));

    /// <summary>Publishes a project through the grains; returns it with the outbox row of its <see cref="ProjectPublished"/>.</summary>
    private static async Task<(Guid ProjectId, OutboxMessage Row)> PublishAsync(SiloNode node)
    {
        var (projectId, _) = await Seed.PublishedProjectAsync(node, await Seed.UnionAsync(node));
        return (projectId, await OutboxRowAsync(node, projectId));
    }

    private static async Task<OutboxMessage> OutboxRowAsync(TestDatabase database, Guid projectId)
    {
        await using var db = database.Open();
        return await Published(db, projectId);
    }

    private static Task<OutboxMessage> OutboxRowAsync(SiloNode node, Guid projectId) => node.DbAsync(db => Published(db, projectId));

    private static Task<OutboxMessage> Published(ProcurementDb db, Guid projectId) => db.Outbox.AsNoTracking()
        .SingleAsync(m => m.AggregateId == projectId && m.Type == typeof(ProjectPublished).FullName, TestContext.Current.CancellationToken);

    private static Task<int> ActivitiesAsync(SiloNode node, Guid projectId, string kind) =>
        node.DbAsync(db => db.Activities.CountAsync(a => a.ProjectId == projectId && a.Kind == kind, TestContext.Current.CancellationToken));
}

/// <summary>Counts deliveries of each message (in memory) and how many of them took effect (decided by the database).</summary>
public sealed class DeliveryProbe
{
    private readonly ConcurrentDictionary<Guid, int> deliveries = new();
    private readonly ConcurrentDictionary<Guid, int> effects = new();

    private int failuresLeft;

    /// <summary>How many deliveries still fail before the consumer does anything (a passing fault).</summary>
    public int FailuresLeft { get => Volatile.Read(ref failuresLeft); init => failuresLeft = value; }

    public int Deliveries(Guid messageId) => deliveries.GetValueOrDefault(messageId);

    internal void FailIfAsked()
    {
        if (Interlocked.Decrement(ref failuresLeft) >= 0) throw new InvalidOperationException("the probe's passing fault");
        Interlocked.Increment(ref failuresLeft);
    }

    public int Effects(Guid messageId) => effects.GetValueOrDefault(messageId);

    internal void Delivered(Guid messageId, bool tookEffect)
    {
        // Effects first: a test that sees the delivery counted also sees its outcome.
        if (tookEffect) effects.AddOrUpdate(messageId, 1, (_, n) => n + 1);
        deliveries.AddOrUpdate(messageId, 1, (_, n) => n + 1);
    }
}

/// <summary>
/// A consumer whose effect is not keyed by the message id (a new row each time), so only
/// <see cref="Idempotency.HandleOnceAsync"/> stands between a redelivery and a duplicate.
/// </summary>
public sealed class ProjectPublishedProbeConsumer(ProcurementDb db, TimeProvider time, DeliveryProbe probe) : IConsumer<ProjectPublished>
{
    public const string Kind = "ProbeSawProjectPublished";

    public async Task Consume(ConsumeContext<ProjectPublished> context)
    {
        probe.FailIfAsked();
        var tookEffect = await db.HandleOnceAsync(context, nameof(ProjectPublishedProbeConsumer), time, () =>
        {
            db.Activities.Add(new Activity
            {
                Id = Guid.NewGuid(), Kind = Kind, At = context.Message.At, UnionPath = context.Message.UnionPath,
                ProjectId = context.Message.ProjectId, Title = context.Message.Title,
            });
            return Task.CompletedTask;
        });
        probe.Delivered(context.MessageId!.Value, tookEffect);
    }
}
