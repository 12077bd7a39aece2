using MassTransit;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Quartz;

namespace Procurement.Silo.Scheduling;

/// <summary>Closes one project's bidding; fired by the one-shot trigger its publication scheduled.</summary>
[DisallowConcurrentExecution]
public sealed class CloseProjectBiddingJob(IGrainFactory grains, ProcurementDb db) : IJob
{
    public static readonly JobKey Key = new("close-project-bidding", "procurement");
    public const string ProjectId = "projectId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(ProjectId)!);
        var closed = await grains.GetGrain<IProjectGrain>(id).CloseBidding();
        // The outcome names the project by its title: the Jobs page is read by people, not by id.
        var title = await db.Projects.Where(p => p.Id == id).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "";
        context.Result = new JobOutcome(closed ? "project-closed" : "project-not-due", title);
    }
}

/// <summary>
/// When a project is published, schedules the close of its bidding at the deadline (persistent, so it survives
/// restarts; clustered, so it fires once). Idempotent: the trigger key is the project's.
/// </summary>
public sealed class CloseBiddingAtDeadline(ISchedulerFactory factory) : IConsumer<ProjectPublished>
{
    public async Task Consume(ConsumeContext<ProjectPublished> context)
    {
        var m = context.Message;
        var scheduler = await factory.GetScheduler(context.CancellationToken);
        var key = new TriggerKey($"close-{m.ProjectId:N}", "bidding");
        var trigger = TriggerBuilder.Create().WithIdentity(key).ForJob(CloseProjectBiddingJob.Key)
            .UsingJobData(CloseProjectBiddingJob.ProjectId, m.ProjectId.ToString())
            .StartAt(m.BidClosesAt)
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        // A redelivered event, or another Silo handling the same one, keeps the trigger already there.
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Keep, context.CancellationToken);
    }
}
