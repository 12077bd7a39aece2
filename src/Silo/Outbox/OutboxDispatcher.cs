using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Hosting;
using Procurement.Storage;

namespace Procurement.Silo.Outbox;

/// <summary>
/// Publishes committed outbox rows to the bus, at least once, with the row id as the message id (consumers
/// deduplicate on it). Rows are claimed with a lease, so several Silos can dispatch side by side and a crashed
/// node's claimed rows are taken over once the lease expires. Wakes on every commit and sweeps every few seconds.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, OutboxSignal signal, IBusControl bus, [FromKeyedServices(DomainClock.Key)] TimeProvider time, IConfiguration config, ILogger<OutboxDispatcher> log)
    : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Sweep = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BusWait = TimeSpan.FromSeconds(30);
    private static readonly System.Reflection.Assembly ContractsAssembly = typeof(Contracts.Messages.ProjectPublished).Assembly;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Outbox:Dispatch", true)) return;
        await WaitForBusAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize) { }
                await signal.WaitAsync(Sweep, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The broker or database is away: keep the rows and try again; nothing is lost. The pause is wall time,
                // not the injected clock: a clock held still (a test's, a demo's) must not hold the retry with it.
                LogDispatchFailed(e);
                await Task.Delay(Sweep, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>
    /// Waits until the bus's receive endpoints are bound. An event published before that finds no queue and is gone, yet
    /// its row would be marked sent: the in-memory transport binds at every start, and the sweep at start publishes what a
    /// stopped node left. After <see cref="BusWait"/> it goes on regardless (a broker away is retried batch by batch).
    /// </summary>
    private async Task WaitForBusAsync(CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (bus.CheckHealth().Status != BusHealthStatus.Healthy)
        {
            if (waited.Elapsed > BusWait)
            {
                LogBusNotReady(BusWait.TotalSeconds);
                return;
            }
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Claims, publishes and marks one batch; returns how many rows it published.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var publisher = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        var now = time.GetUtcNow();
        var token = Guid.NewGuid();

        var candidates = await db.Outbox.Where(m => m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.OccurredAt).Select(m => m.Id).Take(BatchSize).ToListAsync(ct);
        if (candidates.Count == 0) return 0;

        // The lease condition is checked again inside the UPDATE, so of two dispatchers only one claims a row.
        await db.Outbox.Where(m => candidates.Contains(m.Id) && m.SentAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, now + Lease).SetProperty(m => m.LockToken, token), ct);
        var rows = await db.Outbox.AsNoTracking().Where(m => m.LockToken == token).OrderBy(m => m.OccurredAt).ToListAsync(ct);

        var sent = new List<Guid>(rows.Count);
        try
        {
            foreach (var row in rows)
            {
                var type = ContractsAssembly.GetType(row.Type) ?? throw new InvalidOperationException($"Unknown event type {row.Type}");
                var message = JsonSerializer.Deserialize(row.Payload, type, GrainCall.Json)!;
                // Published under the committing command's trace (when this node committed it), so the event's
                // consumers log the same correlation id as the request that caused it.
                using (var activity = signal.TakeContext(row.Id) is { } parent ? Observability.Source.StartActivity("outbox publish", ActivityKind.Producer, parent) : null)
                    await publisher.Publish(message, type, Pipe.Execute<PublishContext>(c => c.MessageId = row.Id), ct);
                sent.Add(row.Id);
            }
        }
        finally
        {
            if (sent.Count > 0)
            {
                var at = time.GetUtcNow();
                await db.Outbox.Where(m => sent.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, at).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }
        return sent.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The bus was not ready after {Seconds} s; dispatching anyway")]
    private partial void LogBusNotReady(double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox dispatch failed; rows stay unsent and are retried")]
    private partial void LogDispatchFailed(Exception e);
}
