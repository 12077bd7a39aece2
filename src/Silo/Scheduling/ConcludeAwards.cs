using Hangfire;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Scheduling;

/// <summary>Concludes one project's award when its publicity (中标公示) ends; scheduled when the award is proposed.</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class ConcludeProjectAwardJob(IGrainFactory grains, ProcurementDb db)
{
    public async Task<JobOutcome> RunAsync(Guid projectId, CancellationToken ct)
    {
        var concluded = await grains.ConcludeAwardAsync(projectId);
        var title = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "";
        return new JobOutcome(concluded is null ? "award-not-due" : "award-concluded", title);
    }
}

/// <summary>
/// The safety net: concludes every award whose publicity has ended with each objection answered, should its own job have
/// been lost. Concluding is exactly once in the project's grain, so it and the delayed job may both try.
/// </summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class ConcludeDueAwardsJob(ProcurementDb db, IGrainFactory grains, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public async Task<JobOutcome> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.Projects.Where(p => p.Status == ProjectStatus.AwardProposed && p.PublicityEndsAt <= now && p.OpenObjections == 0)
            .OrderBy(p => p.PublicityEndsAt).Select(p => p.Id).ToListAsync(ct);
        var concluded = 0;
        foreach (var id in due)
            if (await grains.ConcludeAwardAsync(id) is not null) concluded++;
        return new JobOutcome("awards-concluded", concluded, due.Count);
    }
}

/// <summary>When an award is proposed, schedules its conclusion at the end of its publicity.</summary>
public sealed class ConcludeAwardAtPublicityEnd(IBackgroundJobClient jobs) : IConsumer<AwardProposed>
{
    public Task Consume(ConsumeContext<AwardProposed> context)
    {
        ScheduledJobs.ScheduleAt(jobs, ScheduledJobs.ConcludeProjectAward, context.Message.ProjectId, context.Message.PublicityEndsAt);
        return Task.CompletedTask;
    }
}
