using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Server;
using Hangfire.SqlServer;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Silo.Hosting;
using Procurement.Storage;

namespace Procurement.Silo.Scheduling;

/// <summary>A job the scheduler runs: what the Jobs page and the run history call it, its class, and its schedule (cron, China time).</summary>
public sealed record ScheduledJob(string Id, Type Type, string? Cron);

/// <summary>Every job in one place: the recurring ones with their default schedules, and the one-shot deadline close.</summary>
public static class ScheduledJobs
{
    public static readonly ScheduledJob CloseProjectBidding = new("close-project-bidding", typeof(CloseProjectBiddingJob), null);

    public static readonly ScheduledJob ConcludeProjectAward = new("conclude-project-award", typeof(ConcludeProjectAwardJob), null);

    /// <summary>00:05 China time on the first day of each quarter; also run once at every Silo's start (the catch-up).</summary>
    public static readonly ScheduledJob OpenQuarterlyReviews = new("open-quarterly-reviews", typeof(OpenQuarterlyReviewsJob), "5 0 1 1,4,7,10 *");

    public static readonly IReadOnlyList<ScheduledJob> All =
    [
        new("close-due-bidding", typeof(CloseDueBiddingJob), "* * * * *"),
        CloseProjectBidding,
        new("conclude-due-awards", typeof(ConcludeDueAwardsJob), "* * * * *"),
        ConcludeProjectAward,
        OpenQuarterlyReviews,
        new("close-due-reviews", typeof(CloseDueReviewsJob), "*/5 * * * *"),
        new("reminders", typeof(RemindersJob), "0 * * * *"),
        new("outbox-cleanup", typeof(OutboxCleanupJob), "30 3 * * *"),
    ];

    public static IEnumerable<ScheduledJob> Recurring => All.Where(j => j.Cron is not null);

    public static ScheduledJob? Find(string id) => All.FirstOrDefault(j => j.Id == id);

    public static string IdOf(Type type) => All.FirstOrDefault(j => j.Type == type)?.Id ?? type.Name;

    /// <summary>The schedule in force: <c>Scheduler:Cron:{id}</c> when set, else the default.</summary>
    public static string CronOf(ScheduledJob job, IConfiguration config) => config[$"Scheduler:Cron:{job.Id}"] is { Length: > 0 } cron ? cron : job.Cron!;

    /// <summary>China Standard Time as the system's tz database names it (Hangfire stores the id and resolves it again).</summary>
    public static TimeZoneInfo ChinaTimeZone() => TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>
    /// Schedules a one-shot job about one project at <paramref name="at"/>, rounded up to the whole second: Hangfire keeps a
    /// delayed job's time in whole seconds, so a job due at 10:00:00.400 would run from 10:00:00.000 on, find it not yet due
    /// and do nothing. The job itself refuses before its time, so a job of a time since moved later does nothing either.
    /// </summary>
    public static void ScheduleAt(IBackgroundJobClient jobs, ScheduledJob job, Guid projectId, DateTimeOffset at)
    {
        var second = TimeSpan.TicksPerSecond;
        var due = new DateTime((at.UtcTicks + second - 1) / second * second, DateTimeKind.Utc);
        jobs.Create(ToJob(job, projectId), new Hangfire.States.ScheduledState(due));
    }

    /// <summary>
    /// Every job has one method the scheduler calls: it does the work and says what it did, for the run history. Its own
    /// arguments are <paramref name="args"/>; a cancellation token or perform context among its parameters Hangfire supplies.
    /// </summary>
    internal static Job ToJob(ScheduledJob job, params object[] args)
    {
        var method = job.Type.GetMethod("RunAsync") ?? throw new InvalidOperationException($"{job.Type.Name} has no RunAsync");
        var given = new Queue<object>(args);
        return new Job(job.Type, method, [.. method.GetParameters().Select(p =>
            p.ParameterType == typeof(CancellationToken) ? CancellationToken.None
            : p.ParameterType == typeof(PerformContext) ? null
            : given.Dequeue())]);
    }
}

public static class SchedulerExtensions
{
    /// <summary>Default of <c>Scheduler:PollInterval</c>: how often delayed jobs (a project's deadline) are looked for.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(5);

    /// <summary>Default of <c>Scheduler:TakeOverAfter</c>: how long a job whose Silo died waits before another Silo runs it.</summary>
    public static readonly TimeSpan DefaultTakeOverAfter = TimeSpan.FromMinutes(5);

    /// <summary>Default of <c>Scheduler:LockTimeout</c>: when a job lock whose holder died is given up.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Hangfire's tables on a server database live in their own schema, next to the application's.</summary>
    public const string Schema = "hangfire";

    /// <summary>
    /// Hangfire on the mode's storage: in memory in embedded mode (one process; <see cref="JobRegistration"/> puts back at
    /// start what a restart loses), the server database (PostgreSQL or SQL Server) in distributed mode (its schema installed with the migrations, under the
    /// same lock, so silos starting together do not race). Silos run jobs (<paramref name="runJobs"/>); a Web without a
    /// Silo uses the same storage to list and trigger them and to show the dashboard. The storage, the run recorder, the
    /// filters and the job activator are this host's own, not Hangfire's process-wide defaults: tests start several hosts in one process.
    /// </summary>
    public static IServiceCollection AddProcurementScheduler(this IServiceCollection services, IConfiguration config, bool runJobs)
    {
        var provider = config.ReadProvider();
        var cs = config.GetConnectionString("Procurement") ?? StorageExtensions.DefaultSqlite;
        services.AddHangfire((sp, h) => h.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        // Registered after AddHangfire, so these win over its process-wide defaults.
        services.AddSingleton<JobStorage>(_ => provider switch
        {
            DatabaseProvider.PostgreSql => new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = false,
                // A long job keeps its lease while it runs (renewed every fifth of the timeout), so the timeout only says how
                // soon another Silo takes over the job of a Silo that died.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = config.GetValue("Scheduler:TakeOverAfter", DefaultTakeOverAfter),
                // A dead Silo's job locks (one run of a job at a time) expire after this; a live run's lock is not renewed,
                // so it is longer than a job runs (the quarterly opening of a province: about a minute).
                DistributedLockTimeout = config.GetValue("Scheduler:LockTimeout", DefaultLockTimeout),
                QueuePollInterval = config.GetValue("Scheduler:PollInterval", DefaultPollInterval),
            }),
            // Hangfire's job locks on SQL Server are application locks held by a connection, so a dead Silo's locks go with
            // its connection and Scheduler:LockTimeout is not needed there.
            DatabaseProvider.SqlServer => new SqlServerStorage(() => new SqlConnection(cs), new SqlServerStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = false,
                SqlClientFactory = SqlClientFactory.Instance,
                SlidingInvisibilityTimeout = config.GetValue("Scheduler:TakeOverAfter", DefaultTakeOverAfter),
                QueuePollInterval = config.GetValue("Scheduler:PollInterval", DefaultPollInterval),
            }),
            _ => new InMemoryStorage(),
        });
        // Jobs are made from this host's services, not by the process-wide activator the last configured host set.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(JobFilterProviders.Providers,
            new JobFilterCollection { sp.GetRequiredService<JobRunRecorder>() }));
        services.AddHealthChecks().AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);
        // Scheduler:Run=false keeps a Silo from running jobs (tests that run them by hand).
        if (!runJobs || !config.GetValue("Scheduler:Run", true)) return services;

        services.AddHangfireServer((sp, o) =>
        {
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
            o.WorkerCount = config.GetValue("Scheduler:Workers", 4);
            o.SchedulePollingInterval = config.GetValue("Scheduler:PollInterval", DefaultPollInterval);
            o.FilterProvider = sp.GetRequiredService<IJobFilterProvider>();
            o.Activator = sp.GetRequiredService<JobActivator>();
        });
        services.AddHostedService<JobRegistration>();
        return services;
    }

    /// <summary>
    /// Creates or upgrades Hangfire's schema on a server database (idempotent), on the open connection of a context the caller
    /// holds <see cref="DatabaseLock.Migration"/> on; SQLite (embedded mode) keeps jobs in memory and has none.
    /// </summary>
    public static void InstallSchedulerSchema(ProcurementDb db)
    {
        switch (db.Database.GetDbConnection())
        {
            case Npgsql.NpgsqlConnection postgres:
                PostgreSqlObjectsInstaller.Install(postgres, Schema);
                break;
            case SqlConnection sqlServer:
                SqlServerObjectsInstaller.Install(sqlServer, Schema, enableHeavyMigrations: true);
                break;
        }
    }
}

/// <summary>
/// At a Silo's start: registers (or updates) every recurring job with its schedule in China time; with in-memory storage
/// (embedded) schedules again the deadline close of every project still open for bids and the conclusion of every award
/// in publicity, which a restart lost; and runs the
/// quarterly opening once, so a quarter boundary passed while every Silo was down is caught up (the job is idempotent).
/// </summary>
internal sealed partial class JobRegistration(IRecurringJobManager recurring, IBackgroundJobClient jobs, JobStorage storage, IServiceScopeFactory scopes,
    IConfiguration config, ILogger<JobRegistration> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var china = ScheduledJobs.ChinaTimeZone();
        foreach (var job in ScheduledJobs.Recurring)
            recurring.AddOrUpdate(job.Id, ScheduledJobs.ToJob(job), ScheduledJobs.CronOf(job, config), new RecurringJobOptions { TimeZone = china });
        try
        {
            if (storage is InMemoryStorage)
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
                var open = await db.Projects.AsNoTracking().Where(p => p.Status == ProjectStatus.Published)
                    .Select(p => new { p.Id, p.BidClosesAt }).ToListAsync(stoppingToken);
                foreach (var p in open) CloseBiddingAtDeadline.Schedule(jobs, p.Id, p.BidClosesAt);
                var published = await db.Projects.AsNoTracking().Where(p => p.Status == ProjectStatus.AwardProposed)
                    .Select(p => new { p.Id, p.PublicityEndsAt }).ToListAsync(stoppingToken);
                foreach (var p in published) ScheduledJobs.ScheduleAt(jobs, ScheduledJobs.ConcludeProjectAward, p.Id, p.PublicityEndsAt!.Value);
                LogRescheduled(open.Count, published.Count);
            }
            if (config.GetValue("Scheduler:CatchUpOnStart", true))
                ((IRecurringJobManagerV2)recurring).TriggerJob(ScheduledJobs.OpenQuarterlyReviews.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The per-minute safety net and the quarter-start schedule still run: a failed start-up step must not stop the Silo.
            LogStartFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled again the deadline close of {Open} open project(s) and the award of {Published} in publicity (in-memory job storage)")]
    private partial void LogRescheduled(int open, int published);

    [LoggerMessage(Level = LogLevel.Error, Message = "Putting back the deadline closes or the quarterly catch-up at start failed; the recurring jobs still run")]
    private partial void LogStartFailed(Exception e);
}

/// <summary>
/// Whether jobs run: healthy while a job server (a Silo) has sent its heartbeat recently; degraded when none has (pages and
/// queries still work, but no job fires until a Silo is back). The same check serves a Silo and a pure-front Web.
/// </summary>
public sealed class SchedulerHealthCheck(JobStorage storage, IConfiguration config) : IHealthCheck
{
    /// <summary>Default for <c>Health:SchedulerCheckinWithin</c>: Hangfire's servers send a heartbeat every 30 s.</summary>
    public static readonly TimeSpan DefaultCheckinWithin = TimeSpan.FromSeconds(75);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var within = config.GetValue("Health:SchedulerCheckinWithin", DefaultCheckinWithin);
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var cutoff = DateTime.UtcNow - within;
            var live = servers.Where(s => (s.Heartbeat ?? s.StartedAt) >= cutoff).Select(s => s.Name).ToList();
            return Task.FromResult(live.Count > 0
                ? HealthCheckResult.Healthy($"{live.Count} job server(s) alive within {within.TotalSeconds:0} s: {string.Join(", ", live)}")
                : HealthCheckResult.Degraded($"no job server alive within {within.TotalSeconds:0} s ({servers.Count - live.Count} stale): jobs do not run until a Silo does"));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Degraded("job storage unreachable or not installed yet (no Silo has started on it)", e));
        }
    }
}

/// <summary>
/// Hangfire's log goes to the host's logging. Hangfire keeps one log provider per process: when a host that set it has
/// stopped (tests run several hosts in a row), its loggers are gone, and Hangfire's parts made afterwards log nothing
/// instead of failing.
/// </summary>
internal sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
{
    private readonly AspNetCoreLogProvider inner = new(factory);

    public Hangfire.Logging.ILog GetLogger(string name)
    {
        try
        {
            return inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : Hangfire.Logging.ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
