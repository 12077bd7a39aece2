using Hangfire;
using Hangfire.Common;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Silo.Scheduling;
using Procurement.Storage;

namespace Procurement.Web.Features.Admin;

/// <summary>
/// When a job runs: a recurring schedule (<see cref="Schedule"/> is its cron, in China time) or one project's deadline
/// (<see cref="ProjectTitle"/> names it: the job itself holds only the id).
/// </summary>
public sealed record TriggerInfo(string Name, string? Schedule, DateTimeOffset? NextFireAt, DateTimeOffset? PreviousFireAt,
    Guid? ProjectId = null, string? ProjectTitle = null);

public sealed record LastRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string Summary, string Node);

/// <summary>A run in progress on a Silo, with how far it has come when the job reports it (the quarterly opening does).</summary>
public sealed record RunningInfo(DateTimeOffset? StartedAt, string Node, JobProgress? Progress);

/// <summary>
/// A job with its triggers, its runs in progress and its last recorded outcome; only a recurring one can be run now
/// (<see cref="CanRunNow"/>).
/// </summary>
public sealed record JobInfo(string Name, IReadOnlyList<TriggerInfo> Triggers, IReadOnlyList<RunningInfo> Running, LastRun? LastRun, bool CanRunNow);

/// <summary>The jobs of the catalogue as the job storage knows them (every Silo's), with each job's last recorded outcome.</summary>
public static class Jobs
{
    /// <summary>How many scheduled deadline closes are listed (the soonest first).</summary>
    public const int DeadlinesShown = 200;

    /// <summary>How many runs in progress are looked at (a few Silos with a few workers each).</summary>
    private const int RunningShown = 50;

    public static async Task<IReadOnlyList<JobInfo>> ListAsync(JobStorage storage, ProcurementDb db, CancellationToken ct)
    {
        var names = ScheduledJobs.All.Select(j => j.Id).ToList();
        var runs = await db.JobRuns.AsNoTracking().Where(r => names.Contains(r.JobName))
            .GroupBy(r => r.JobName).Select(g => g.OrderByDescending(r => r.Id).First()).ToListAsync(ct);
        Dictionary<string, RecurringJobDto> recurring;
        List<(Type Type, RunningInfo Run)> running;
        using (var connection = storage.GetConnection())
        {
            recurring = connection.GetRecurringJobs().ToDictionary(r => r.Id);
            running = [.. storage.GetMonitoringApi().ProcessingJobs(0, RunningShown)
                .Where(j => j.Value is { InProcessingState: true, Job: not null })
                .Select(j => (j.Value.Job.Type, new RunningInfo(Utc(j.Value.StartedAt), j.Value.ServerId ?? "",
                    connection.GetJobParameter(j.Key, JobProgress.Parameter) is { } json ? SerializationHelper.Deserialize<JobProgress>(json, SerializationOption.User) : null)))];
        }
        var deadlines = await DeadlinesAsync(storage, db, ct);

        return [.. ScheduledJobs.All.Select(job =>
        {
            IReadOnlyList<TriggerInfo> triggers = job.Cron is null ? deadlines
                : recurring.TryGetValue(job.Id, out var r) ? [new TriggerInfo(job.Id, r.Cron, Utc(r.NextExecution), Utc(r.LastExecution))] : [];
            var run = runs.FirstOrDefault(x => x.JobName == job.Id);
            return new JobInfo(job.Id, triggers, [.. running.Where(r => r.Type == job.Type).Select(r => r.Run)], run is null ? null : new LastRun(run.StartedAt, run.FinishedAt, run.Succeeded, run.Summary, run.Node),
                CanRunNow: job.Cron is not null);
        })];
    }

    /// <summary>
    /// The deadline closes waiting in the storage, soonest first, with their projects' titles: one per project, the one
    /// for its deadline in force (a moved deadline, or an embedded restart that scheduled them again, leaves others that
    /// will find nothing to close).
    /// </summary>
    private static async Task<IReadOnlyList<TriggerInfo>> DeadlinesAsync(JobStorage storage, ProcurementDb db, CancellationToken ct)
    {
        var scheduled = storage.GetMonitoringApi().ScheduledJobs(0, DeadlinesShown)
            .Where(j => j.Value is { InScheduledState: true, Job: { } job } && job.Type == typeof(CloseProjectBiddingJob) && job.Args is [Guid, ..])
            .Select(j => (ProjectId: (Guid)j.Value.Job.Args[0], At: Utc(j.Value.EnqueueAt)))
            .ToList();
        var ids = scheduled.Select(s => s.ProjectId).Distinct().ToList();
        var projects = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => new { p.Title, p.BidClosesAt }, ct);
        return [.. scheduled.GroupBy(s => s.ProjectId)
            .Select(g => projects.TryGetValue(g.Key, out var p)
                ? g.Where(s => s.At >= p.BidClosesAt).OrderBy(s => s.At).FirstOrDefault(g.MinBy(s => s.At))
                : g.MinBy(s => s.At))
            .OrderBy(s => s.At)
            .Select(s => new TriggerInfo(ScheduledJobs.CloseProjectBidding.Id, null, s.At, null, s.ProjectId, projects.GetValueOrDefault(s.ProjectId)?.Title))];
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    /// <summary>Runs a recurring job now (a Silo's job server picks it up); false for an unknown or one-shot job.</summary>
    public static bool Trigger(IRecurringJobManager recurring, string name)
    {
        if (ScheduledJobs.Find(name) is not { Cron: not null }) return false;
        ((IRecurringJobManagerV2)recurring).TriggerJob(name);
        return true;
    }

    public static void MapJobs(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/jobs").RequireAuthorization(Roles.PlatformAdmin).WithTags("Administration");
        admin.MapGet("", (JobStorage storage, ProcurementDb db, CancellationToken ct) => ListAsync(storage, db, ct))
            .WithSummary("Every job with its schedule or deadlines, next run, runs in progress (with progress) and last outcome");
        admin.MapPost("/{name}/trigger", (string name, IRecurringJobManager recurring, Hosting.RuleText text) =>
                Trigger(recurring, name) ? Results.Accepted() : Results.Problem(statusCode: 404, title: text.For("job.not_found", "No such job."), extensions: new Dictionary<string, object?> { ["code"] = "job.not_found" }))
            .WithSummary("Run a recurring job now");
    }
}
