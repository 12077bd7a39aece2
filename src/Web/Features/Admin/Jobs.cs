using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Quartz;

namespace Procurement.Web.Features.Admin;

/// <summary>A trigger; <see cref="ProjectTitle"/> names the project whose bid deadline a one-shot trigger is (its name holds only the id).</summary>
public sealed record TriggerInfo(string Name, string? Schedule, DateTimeOffset? NextFireAt, DateTimeOffset? PreviousFireAt, string State,
    Guid? ProjectId = null, string? ProjectTitle = null);

public sealed record LastRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, bool Succeeded, string Summary, string Node);

public sealed record JobInfo(string Name, string Group, string? Description, IReadOnlyList<TriggerInfo> Triggers, LastRun? LastRun);

/// <summary>Scheduled jobs as the persistent store knows them (all Silos), with each job's last recorded outcome.</summary>
public static class Jobs
{
    public static async Task<IReadOnlyList<JobInfo>> ListAsync(ISchedulerFactory factory, ProcurementDb db, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct);
        var names = keys.Select(k => k.Name).ToList();
        var runs = await db.JobRuns.AsNoTracking().Where(r => names.Contains(r.JobName))
            .GroupBy(r => r.JobName).Select(g => g.OrderByDescending(r => r.Id).First()).ToListAsync(ct);
        var jobs = new List<JobInfo>();
        foreach (var key in keys.OrderBy(k => k.Name))
        {
            var detail = await scheduler.GetJobDetail(key, ct);
            var triggers = new List<TriggerInfo>();
            foreach (var t in await scheduler.GetTriggersOfJob(key, ct))
            {
                var state = await scheduler.GetTriggerState(t.Key, ct);
                Guid? project = Guid.TryParse(t.JobDataMap.GetString(Silo.Scheduling.CloseProjectBiddingJob.ProjectId), out var id) ? id : null;
                triggers.Add(new TriggerInfo(t.Key.Name, (t as ICronTrigger)?.CronExpressionString, t.NextFireTimeUtc, t.PreviousFireTimeUtc, state.ToString(), project));
            }
            var projectIds = triggers.Where(t => t.ProjectId is not null).Select(t => t.ProjectId!.Value).ToList();
            if (projectIds.Count > 0)
            {
                var titles = await db.Projects.AsNoTracking().Where(p => projectIds.Contains(p.Id)).Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
                triggers = [.. triggers.Select(t => t.ProjectId is { } pid ? t with { ProjectTitle = titles.GetValueOrDefault(pid) } : t)];
            }
            var run = runs.FirstOrDefault(r => r.JobName == key.Name);
            jobs.Add(new JobInfo(key.Name, key.Group, detail?.Description, triggers,
                run is null ? null : new LastRun(run.StartedAt, run.FinishedAt, run.Succeeded, run.Summary, run.Node)));
        }
        return jobs;
    }

    /// <summary>Fires a job now. In distributed mode this stores a one-shot trigger and a running Silo fires it.</summary>
    public static async Task<bool> TriggerAsync(ISchedulerFactory factory, string name, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var key = (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct)).FirstOrDefault(k => k.Name == name);
        if (key is null) return false;
        await scheduler.TriggerJob(key, ct);
        return true;
    }

    public static void MapJobs(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/jobs").RequireAuthorization(Roles.PlatformAdmin).WithTags("Administration");
        admin.MapGet("", (ISchedulerFactory factory, ProcurementDb db, CancellationToken ct) => ListAsync(factory, db, ct))
            .WithSummary("Every job with its triggers, next fire time and last outcome");
        admin.MapPost("/{name}/trigger", async (string name, ISchedulerFactory factory, Hosting.RuleText text, CancellationToken ct) =>
                await TriggerAsync(factory, name, ct) ? Results.Accepted() : Results.Problem(statusCode: 404, title: text.For("job.not_found", "No such job."), extensions: new Dictionary<string, object?> { ["code"] = "job.not_found" }))
            .WithSummary("Run a job now");
    }
}
