using System.Diagnostics;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Scheduling;

/// <summary>
/// Keeps every job run's outcome in the database (<c>JobRuns</c>): what the job said it did, or the error it failed with,
/// and which server ran it, so 定时任务 shows the last outcome across all Silos. A failed periodic job is not retried
/// (it runs again at its next occurrence); the failure is recorded here instead of repeated.
/// </summary>
public sealed partial class JobRunRecorder(IServiceScopeFactory scopes, [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<JobRunRecorder> log) : IServerFilter
{
    private const string Started = "procurement.started";

    public void OnPerforming(PerformingContext context) => context.Items[Started] = (time.GetUtcNow(), Stopwatch.GetTimestamp());

    public void OnPerformed(PerformedContext context)
    {
        var (startedAt, timestamp) = context.Items.TryGetValue(Started, out var s) ? ((DateTimeOffset, long))s : (time.GetUtcNow(), Stopwatch.GetTimestamp());
        var error = context.Exception is { } e ? (e.InnerException ?? e).Message : null;
        var summary = error ?? context.Result?.ToString() ?? "";
        var name = ScheduledJobs.IdOf(context.BackgroundJob.Job.Type);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
            db.JobRuns.Add(new JobRun
            {
                JobName = name, Node = context.ServerId ?? "",
                StartedAt = startedAt, FinishedAt = startedAt + Stopwatch.GetElapsedTime(timestamp),
                Succeeded = context.Exception is null, Summary = summary.Length > 2000 ? summary[..2000] : summary,
            });
            db.SaveChanges();
        }
        catch (Exception failure) when (failure is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException)
        {
            // The run itself is done (its effects committed by the grains): a history row that could not be written must
            // not turn it into a failure that is run again.
            LogNotRecorded(failure, name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The outcome of a run of {Job} could not be recorded")]
    private partial void LogNotRecorded(Exception e, string job);
}
