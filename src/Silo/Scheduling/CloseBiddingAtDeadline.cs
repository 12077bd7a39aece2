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

    public static void Schedule(IBackgroundJobClient jobs, Guid projectId, DateTimeOffset closesAt) =>
        ScheduledJobs.ScheduleAt(jobs, ScheduledJobs.CloseProjectBidding, projectId, closesAt);
}
