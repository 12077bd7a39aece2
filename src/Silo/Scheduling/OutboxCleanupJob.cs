using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Hangfire;

namespace Procurement.Silo.Scheduling;

/// <summary>Deletes published outbox rows and handled-message records once they are too old to be redelivered.</summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
public sealed class OutboxCleanupJob(ProcurementDb db, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    private static readonly TimeSpan KeepSent = TimeSpan.FromDays(7);
    private static readonly TimeSpan KeepHandled = TimeSpan.FromDays(30);

    public async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sentBefore = now - KeepSent;
        var handledBefore = now - KeepHandled;
        var outbox = await db.Outbox.Where(m => m.SentAt != null && m.SentAt < sentBefore).ExecuteDeleteAsync(ct);
        var handled = await db.ProcessedMessages.Where(m => m.ProcessedAt < handledBefore).ExecuteDeleteAsync(ct);
        return new JobOutcome("outbox-cleaned", outbox, handled);
    }
}
