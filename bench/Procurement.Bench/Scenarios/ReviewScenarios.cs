using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Scheduling;

namespace Procurement.Bench.Scenarios;

/// <summary>
/// A quarter end: the scheduler opens the quarterly review of every active contract (DESIGN.md §6: 10,000 in ≤ 30 s),
/// in batches of contracts per transaction. Read against the time the same number of raw single-row commits takes (issue
/// 11: ≤ 5×); the memory of the process that ran it is the second figure (≤ 400 MB).
/// </summary>
public static class ReviewScenarios
{
    public static async Task RunAsync(Run run)
    {
        var folder = run.Sub("reviews");
        var file = Path.Combine(folder, "procurement.db");
        await using var db = await Datasets.PrepareSqliteAsync(run, folder, file, DatasetSize.ActiveContracts(run.ActiveContracts), "active contracts");

        var web = AppSettings.Embedded(folder, "web-reviews", file);
        web.Start();
        await web.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        try
        {
            var (raw, settings) = await Limits.SqliteCommitsAsync(file, run.Window);
            await OpenAsync(run, "quarterly reviews, embedded", web, db, raw, settings, [web]);
        }
        finally
        {
            await web.StopAsync();
        }
    }

    /// <summary>
    /// Fires the quarterly opening through the admin API as a platform administrator, waits for the job's recorded run,
    /// and adds its time and the memory of <paramref name="hosts"/> (the processes that may run it: the largest is the
    /// one that did).
    /// </summary>
    public static async Task OpenAsync(Run run, string scenario, AppProcess web, IServiceProvider db, double rawCommitsPerSecond, string rawSettings,
        IReadOnlyList<AppProcess> hosts)
    {
        using var api = new ApiClient(web.BaseAddress);
        var token = await api.TokenAsync(await Workload.PlatformAdminAsync(db));
        var due = await db.QueryAsync(d => d.Contracts.CountAsync(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying));
        var idle = hosts.Select(h => ProcessMemory.Of(h.Pid)).ToList();

        var triggered = DateTimeOffset.UtcNow;
        var failure = await api.SendAsync(HttpMethod.Post, $"/api/v1/admin/jobs/{ScheduledJobs.OpenQuarterlyReviews.Id}/trigger", token);
        if (failure is not null) throw new InvalidOperationException(failure);
        var (took, summary) = await WaitForRunAsync(db, triggered, due);
        // The job reports "reviews-opened|N"; a dataset that had this quarter's reviews already would measure nothing.
        var opened = int.Parse(Procurement.Storage.Entities.JobOutcome.Parse(summary)?.Args[0] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        if (opened < due * 9 / 10) throw new InvalidOperationException($"the job opened {opened} reviews for {due} active contracts ({summary})");

        // Time per 10,000 contracts, so a quick pass on fewer contracts reads on the same scale.
        run.Results.Add(new Figure(scenario, "time to open 10,000 reviews", took.TotalSeconds * 10_000 / opened, "s", "10,000 raw commits",
            10_000 / rawCommitsPerSecond, Goal.AtMost(30, "≤ 30 s"),
            $"{opened} contracts opened in {took.TotalSeconds:0.0} s ({summary}); raw {rawCommitsPerSecond:0} commits/s, {rawSettings}"));

        // Resident memory as it is, not scaled: most of the growth is one-time (compiled code, EF Core's caches, pools).
        var (host, before) = hosts.Zip(idle).MaxBy(h => ProcessMemory.Of(h.First.Pid).RssMb);
        var after = ProcessMemory.Of(host.Pid);
        run.Results.Add(new Figure(scenario, $"{host.Name} memory after opening {opened:#,0} reviews", after.RssMb, "MB", "same process idle", before.RssMb,
            Goal.AtMost(400, "≤ 400 MB"), $"RSS {before.RssMb:0} MB idle → {after.RssMb:0} MB after the opening, peak {after.PeakMb:0} MB"));
    }

    /// <summary>Waits for the job's recorded run (the Jobs page's record) and returns its duration and outcome.</summary>
    private static async Task<(TimeSpan Took, string Summary)> WaitForRunAsync(IServiceProvider db, DateTimeOffset triggered, int due)
    {
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            var runs = await db.QueryAsync(d => d.JobRuns.AsNoTracking().Where(r => r.JobName == ScheduledJobs.OpenQuarterlyReviews.Id).ToListAsync());
            if (runs.FirstOrDefault(r => r.StartedAt >= triggered.AddSeconds(-1)) is { } done)
            {
                if (!done.Succeeded) throw new InvalidOperationException("the job failed: " + done.Summary);
                return (done.FinishedAt - done.StartedAt, done.Summary);
            }
            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                var opened = await db.QueryAsync(d => d.QuarterlyReviews.CountAsync(r => r.Status == ReviewStatus.Open));
                Console.WriteLine($"    reviews opened: {opened}/{due} after {clock.Elapsed.TotalSeconds:0} s");
            }
            await Task.Delay(200);
        }
        throw new TimeoutException("the quarterly opening did not finish within 10 minutes");
    }
}
