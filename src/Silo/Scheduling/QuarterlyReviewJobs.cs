using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Grains.Contracts;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Hangfire;

namespace Procurement.Silo.Scheduling;

/// <summary>
/// Opens the review of the quarter just ended (China time) for every contract active in it. Idempotent: a contract's
/// review of a quarter is opened once however often this runs, so a missed fire is simply run late.
/// </summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
public sealed class OpenQuarterlyReviewsJob(ProcurementDb db, IGrainFactory grains, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public async Task<JobOutcome> RunAsync(CancellationToken ct) => new("reviews-opened", await OpenDueAsync(ct));

    public async Task<int> OpenDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var (quarter, _, end) = ReviewRules.PreviousQuarter(now);
        var due = now + ReviewRules.ScoringWindow;
        // Only contracts still lacking this quarter's review: a re-run touches nothing.
        var contracts = await db.Contracts.AsNoTracking()
            .Where(c => (c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying) && c.SignedAt < end
                && !c.Reviews.Any(r => r.Quarter == quarter))
            .Select(c => c.Id).ToListAsync(ct);
        var opened = 0;
        await Parallel.ForEachAsync(contracts, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, _) =>
        {
            if (await grains.GetGrain<IContractGrain>(id).OpenReview(quarter, end, due)) Interlocked.Increment(ref opened);
        });
        return opened;
    }
}

/// <summary>Closes every open review whose deadline has passed, with its grade.</summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 10 * 60)]
public sealed class CloseDueReviewsJob(ProcurementDb db, IGrainFactory grains, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.QuarterlyReviews.AsNoTracking().Where(r => r.Status == ReviewStatus.Open && r.DueAt <= now)
            .Select(r => new { r.Id, r.ContractId }).ToListAsync(ct);
        var closed = 0;
        foreach (var r in due)
            if (await grains.GetGrain<IContractGrain>(r.ContractId).CloseReview(r.Id)) closed++;
        return new JobOutcome("reviews-closed", closed);
    }
}
