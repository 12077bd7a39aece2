using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Hangfire;

namespace Procurement.Silo.Scheduling;

/// <summary>Closes bidding on every published project whose deadline has passed. Safe to run at any time: closing is idempotent.</summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class CloseDueBiddingJob(ProcurementDb db, IGrainFactory grains, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Projects.Where(p => p.Status == ProjectStatus.Published && p.BidClosesAt <= now)
            .OrderBy(p => p.BidClosesAt).Select(p => p.Id).ToListAsync(ct);
        var closed = 0;
        foreach (var id in due)
            if (await grains.GetGrain<IProjectGrain>(id).CloseBidding()) closed++;
        return new JobOutcome("bidding-closed", closed, due.Count);
    }
}
