using Hangfire;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Scheduling;

/// <summary>Closes one project's bidding; scheduled for its deadline when it is published.</summary>
[AutomaticRetry(Attempts = 3)]
public sealed class CloseProjectBiddingJob(IGrainFactory grains, ProcurementDb db)
{
    public async Task<JobOutcome> RunAsync(Guid projectId, CancellationToken ct)
    {
        var closed = await grains.GetGrain<IProjectGrain>(projectId).CloseBidding();
        // The outcome names the project by its title: the Jobs page is read by people, not by id.
        var title = await db.Projects.Where(p => p.Id == projectId).Select(p => p.Title).FirstOrDefaultAsync(ct) ?? "";
        return new JobOutcome(closed ? "project-closed" : "project-not-due", title);
    }
}

/// <summary>
/// When a project is published, or amended with a new deadline, schedules the close of its bidding at the deadline.
/// Closing is idempotent and refuses before the deadline, so an event delivered twice (two delayed jobs) closes once and
/// the job of a deadline since moved later closes nothing; the per-minute safety net closes whatever a lost job missed.
/// </summary>
public sealed class CloseBiddingAtDeadline(IBackgroundJobClient jobs) : IConsumer<ProjectPublished>, IConsumer<ProjectAmended>
{
    public Task Consume(ConsumeContext<ProjectPublished> context)
    {
        Schedule(jobs, context.Message.ProjectId, context.Message.BidClosesAt);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<ProjectAmended> context)
    {
        if (context.Message.DeadlineChanged) Schedule(jobs, context.Message.ProjectId, context.Message.BidClosesAt);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Schedules the close at the deadline, rounded up to the whole second: Hangfire keeps a delayed job's time in whole
    /// seconds, so a job due at 10:00:00.400 would run from 10:00:00.000 on, find bidding still open and close nothing.
    /// </summary>
    public static void Schedule(IBackgroundJobClient jobs, Guid projectId, DateTimeOffset closesAt)
    {
        var second = TimeSpan.TicksPerSecond;
        var at = new DateTime((closesAt.UtcTicks + second - 1) / second * second, DateTimeKind.Utc);
        jobs.Create(ScheduledJobs.ToJob(ScheduledJobs.CloseProjectBidding, projectId), new Hangfire.States.ScheduledState(at));
    }
}
