using MassTransit;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Quartz;

namespace Procurement.Silo.Scheduling;

/// <summary>Closes one project's bidding; fired by the one-shot trigger its publication scheduled.</summary>
[DisallowConcurrentExecution]
public sealed class CloseProjectBiddingJob(IGrainFactory grains) : IJob
{
    public static readonly JobKey Key = new("close-project-bidding", "procurement");
    public const string ProjectId = "projectId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var id = Guid.Parse(context.MergedJobDataMap.GetString(ProjectId)!);
        var closed = await grains.GetGrain<IProjectGrain>(id).CloseBidding();
        context.Result = closed ? $"closed {id}" : $"{id} was not due or already closed";
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
