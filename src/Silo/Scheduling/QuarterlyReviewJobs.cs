using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Grains.Contracts;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Procurement.Silo.Outbox;

namespace Procurement.Silo.Scheduling;

/// <summary>
/// Opens the review of the quarter just ended (China time) for every contract active in it: at a quarter start a province
/// opens some 10,000 at once, so they go in batches, <c>Scheduler:ReviewBatchSize</c> contracts per transaction
/// (<see cref="ReviewOpening.OpenBatchAsync"/>), the progress kept with the running job for 定时任务 to show. A batch in
/// which a contract changed meanwhile is opened contract by contract through the grains instead. Idempotent: a contract's
/// review of a quarter is opened once however often this runs, so a missed fire is simply run late.
/// </summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 60 * 60)]
public sealed class OpenQuarterlyReviewsJob(IServiceScopeFactory scopes, IGrainFactory grains, OutboxSignal outbox, IConfiguration config,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    /// <summary>Default of <c>Scheduler:ReviewBatchSize</c>.</summary>
    public const int DefaultBatchSize = 500;

    public async Task<JobOutcome> RunAsync(PerformContext? context, CancellationToken ct) =>
        new("reviews-opened", await OpenDueAsync(JobProgress.ReportTo(context), ct));

    public async Task<int> OpenDueAsync(IProgress<JobProgress>? progress, CancellationToken ct)
    {
        var now = StoredTime.Of(time.GetUtcNow());
        var (quarter, _, end) = ChinaTime.PreviousQuarter(now);
        var due = StoredTime.Of(now + ReviewRules.ScoringWindow);
        List<Guid> contracts;
        await using (var scope = scopes.CreateAsyncScope())
        {
            // Only contracts still lacking this quarter's review: a re-run touches nothing.
            contracts = await scope.ServiceProvider.GetRequiredService<ProcurementDb>().Contracts.AsNoTracking()
                .Where(c => (c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying) && c.SignedAt < end
                    && !c.Reviews.Any(r => r.Quarter == quarter))
                .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        }
        progress?.Report(new JobProgress(0, contracts.Count));
        // A busy server can give the portal's users room between batches (Scheduler:ReviewBatchPause; none by default).
        var pause = config.GetValue("Scheduler:ReviewBatchPause", TimeSpan.Zero);
        int opened = 0, done = 0;
        foreach (var batch in contracts.Chunk(Math.Max(1, config.GetValue("Scheduler:ReviewBatchSize", DefaultBatchSize))))
        {
            ct.ThrowIfCancellationRequested();
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
                if (await ReviewOpening.OpenBatchAsync(db, batch, quarter, end, due, now, ct) is { } committed)
                {
                    opened += committed.Opened;
                    outbox.Notify(committed.OutboxIds);
                }
                else
                {
                    // A contract changed between the batch's read and its commit: each is opened alone, by its grain.
                    foreach (var id in batch)
                        if (await grains.GetGrain<IContractGrain>(id).OpenReview(quarter, end, due)) opened++;
                }
            }
            done += batch.Length;
            progress?.Report(new JobProgress(done, contracts.Count));
            if (pause > TimeSpan.Zero && done < contracts.Count) await Task.Delay(pause, ct);
        }
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
