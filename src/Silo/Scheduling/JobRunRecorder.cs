using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Quartz;

namespace Procurement.Silo.Scheduling;

/// <summary>Keeps every job run's outcome in the database, so the Jobs page shows the last outcome across all Silos.</summary>
public sealed class JobRunRecorder(IServiceScopeFactory scopes, [FromKeyedServices(DomainClock.Key)] TimeProvider time) : IJobListener
{
    public string Name => nameof(JobRunRecorder);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken ct = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken ct = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? error, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var summary = error?.InnerException?.Message ?? error?.Message ?? context.Result?.ToString() ?? "";
        db.JobRuns.Add(new JobRun
        {
            JobName = context.JobDetail.Key.Name, Node = await context.Scheduler.GetSchedulerInstanceId(ct),
            StartedAt = time.GetUtcNow() - context.JobRunTime, FinishedAt = time.GetUtcNow(),
            Succeeded = error is null, Summary = summary.Length > 2000 ? summary[..2000] : summary,
        });
        await db.SaveChangesAsync(ct);
    }
}
