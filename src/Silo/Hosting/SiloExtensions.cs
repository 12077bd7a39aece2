using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Consumers;
using Procurement.Silo.Outbox;
using Procurement.Silo.Scheduling;
using Procurement.Storage;
using Orleans.Configuration;
using Orleans.Dashboard;
using Quartz;
using StackExchange.Redis;

namespace Procurement.Silo.Hosting;

public enum BusTransport { InMemory, RabbitMq }

public static class SiloExtensions
{
    /// <summary>
    /// Everything a Silo runs: storage, the Orleans silo with the grains (<see cref="ConfigureCluster"/>), the outbox
    /// dispatcher, the scheduler (started) and the projection consumers on the bus. <paramref name="configureBus"/> lets a
    /// co-hosting Web add its own consumers.
    /// </summary>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureBus = null)
    {
        var services = builder.Services;
        services.AddGrainServices(builder.Configuration);
        // The dashboard's statistics are gathered on every silo; the Web shows them under /admin/orleans.
        builder.UseOrleans(silo => silo.ConfigureCluster(builder.Configuration).AddDashboard());
        services.AddScoped<Notifications.Notifier>();
        services.AddSingleton<Notifications.IEmailSender, Notifications.FolderEmailSender>();

        // Hosted services start in this order and stop in the reverse one: the silo first and last (jobs and the catch-up
        // call grains), then the scheduler (its jobs may still commit while the bus drains, and consumers schedule on it),
        // then the bus, then the dispatcher, which so publishes only on a started bus and stops publishing before the bus goes.
        services.AddProcurementScheduler(builder.Configuration, runJobs: true);
        services.AddProcurementBus(builder.Configuration, bus =>
        {
            bus.AddConsumer<ActivityProjection>();
            bus.AddConsumer<CloseBiddingAtDeadline>();
            bus.AddConsumer<NotificationProjection>();
            bus.AddConsumer<ContractFromAward>();
            configureBus?.Invoke(bus);
        });
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHostedService<QuarterCatchUp>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"])
            .AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }

    /// <summary>What the grains take from the silo's services: storage, the rules' settings, the domain clock, the outbox signal.</summary>
    public static IServiceCollection AddGrainServices(this IServiceCollection services, IConfiguration config)
    {
        services.AddProcurementStorage(config);
        services.AddDomainClock();
        services.Configure<ProcurementRulesOptions>(config.GetSection("Rules"));
        services.AddSingleton<GrainConflicts>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        return services;
    }

    /// <summary>The process's clock and the domain clock (<see cref="DomainClock"/>), by default the same system clock.</summary>
    public static IServiceCollection AddDomainClock(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(DomainClock.Key, (sp, _) => sp.GetRequiredService<TimeProvider>());
        return services;
    }

    /// <summary>
    /// The silo's place in its cluster, from configuration alone (docs/operations.md): <c>Cluster:Provider</c>
    /// <c>Localhost</c> (embedded mode, the default) or <c>Redis</c> (membership and the grain directory on
    /// <c>ConnectionStrings:Redis</c>, so a grain has one activation in the cluster); <c>Cluster:Id</c>,
    /// <c>Cluster:SiloPort</c>, <c>Cluster:GatewayPort</c>, <c>Cluster:AdvertisedIP</c>; membership timings under
    /// <c>Cluster:Membership</c> (Orleans' <c>ClusterMembershipOptions</c>) and the idle age under <c>Cluster:CollectionAge</c>.
    /// </summary>
    public static ISiloBuilder ConfigureCluster(this ISiloBuilder silo, IConfiguration config)
    {
        var cluster = ClusterSettings.From(config);
        if (cluster.Redis is { } redis)
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.UseRedisGrainDirectoryAsDefault(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.ConfigureEndpoints(cluster.AdvertisedIP, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ClusterSettings.ServiceId));
        }
        else
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: ClusterSettings.ServiceId, clusterId: cluster.ClusterId);
        }
        silo.Configure<ClusterMembershipOptions>(config.GetSection("Cluster:Membership"));
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = config.GetValue("Cluster:CollectionAge", o.CollectionAge));
        silo.AddActivityPropagation();
        silo.AddIncomingGrainCallFilter<GrainCallLog>();
        return silo;
    }

    /// <summary>MassTransit over RabbitMQ (<c>Bus:Transport=RabbitMq</c>, <c>ConnectionStrings:RabbitMq</c>) or in memory.</summary>
    public static IServiceCollection AddProcurementBus(this IServiceCollection services, IConfiguration config, Action<IBusRegistrationConfigurator> consumers)
    {
        var transport = config.GetValue("Bus:Transport", BusTransport.InMemory);
        services.AddMassTransit(x =>
        {
            x.SetKebabCaseEndpointNameFormatter();
            x.SetDefaultRequestTimeout(s: 15);
            // A consumer that fails on a passing fault (the database busy past its timeout, a connection reset) gets the
            // message again instead of parking it in the error queue. Every consumer is idempotent (commands by their
            // command id, events by HandleOnceAsync), so a retry after a partial effect changes nothing.
            x.AddConfigureEndpointsCallback((_, _, endpoint) => endpoint.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000)));
            consumers(x);
            if (transport == BusTransport.RabbitMq)
            {
                var uri = config.GetConnectionString("RabbitMq") ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is required with Bus:Transport=RabbitMq.");
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(new Uri(uri));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context));
            }
        });
        return services;
    }

    /// <summary>
    /// Quartz with its persistent store on the application database. Silos run jobs (<paramref name="runJobs"/>);
    /// a Web without a Silo uses the same store to list jobs and trigger them, and a running Silo fires them.
    /// </summary>
    public static IServiceCollection AddProcurementScheduler(this IServiceCollection services, IConfiguration config, bool runJobs, TimeProvider? timeProvider = null)
    {
        var provider = config.ReadProvider();
        var cs = config.GetConnectionString("Procurement") ?? StorageExtensions.DefaultSqlite;
        services.AddSingleton<JobRunRecorder>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = ClusteredSchedulerHealthCheck.SchedulerName(config);
                o.GenerateInstanceId = true;
            });
            q.UseTimeProvider(timeProvider ?? TimeProvider.System);
            q.UsePersistentStore(s =>
            {
                s.UseSystemTextJsonSerializer();
                if (provider == DatabaseProvider.PostgreSql)
                {
                    s.UsePostgres(cs);
                    s.UseClustering(c => { c.CheckinInterval = TimeSpan.FromSeconds(5); c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15); });
                }
                else
                {
                    // SQLite cannot run Quartz clustered: embedded mode is one process, persistent but not clustered.
                    s.UseSqlite(cs);
                }
                s.ProvisionSchema();
            });
            q.AddJobListener<JobRunRecorder>();
            q.AddJob<CloseDueBiddingJob>(j => j.WithIdentity(CloseDueBiddingJob.Key).StoreDurably().WithDescription("补漏：关闭所有已过截止时间的投标 · Safety net: close every project past its deadline"));
            q.AddTrigger(t => t.ForJob(CloseDueBiddingJob.Key).WithIdentity("close-due-bidding-every-minute", "procurement")
                .WithCronSchedule("0 * * * * ?"));
            q.AddJob<CloseProjectBiddingJob>(j => j.WithIdentity(CloseProjectBiddingJob.Key).StoreDurably().WithDescription("在项目截止时间关闭投标 · Close one project's bidding at its deadline"));
            q.AddJob<OpenQuarterlyReviewsJob>(j => j.WithIdentity(OpenQuarterlyReviewsJob.Key).StoreDurably().WithDescription("季度评估：为所有履约中的合同开启上季度评估 · Open last quarter's reviews"));
            q.AddTrigger(t => t.ForJob(OpenQuarterlyReviewsJob.Key).WithIdentity("quarter-start", "procurement")
                .WithCronSchedule("0 5 0 1 1,4,7,10 ?", c => c.InTimeZone(ChinaTimeZone())));
            q.AddJob<CloseDueReviewsJob>(j => j.WithIdentity(CloseDueReviewsJob.Key).StoreDurably().WithDescription("到期关闭季度评估并评定等级 · Close reviews at their deadline"));
            q.AddTrigger(t => t.ForJob(CloseDueReviewsJob.Key).WithIdentity("close-reviews-every-5-minutes", "procurement").WithCronSchedule("0 */5 * * * ?"));
            q.AddJob<RemindersJob>(j => j.WithIdentity(RemindersJob.Key).StoreDurably().WithDescription("到期提醒：里程碑与评估 · Reminders for milestones and reviews"));
            q.AddTrigger(t => t.ForJob(RemindersJob.Key).WithIdentity("reminders-hourly", "procurement").WithCronSchedule("0 0 * * * ?"));
            q.AddJob<OutboxCleanupJob>(j => j.WithIdentity(OutboxCleanupJob.Key).StoreDurably().WithDescription("清理已发布事件 · Clean up published events"));
            q.AddTrigger(t => t.ForJob(OutboxCleanupJob.Key).WithIdentity("outbox-cleanup-daily", "procurement")
                .WithCronSchedule("0 30 3 * * ?", c => c.InTimeZone(ChinaTimeZone())));
        });
        if (runJobs) services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    public static TimeZoneInfo ChinaTimeZone() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Asia/Shanghai", out var tz) ? tz : TimeZoneInfo.CreateCustomTimeZone("CST", Contracts.Domain.ChinaTime.Offset, "China Standard Time", "CST");

    /// <summary>
    /// Creates or upgrades the database schema; SQLite also switches to WAL so readers never block the writer. On PostgreSQL
    /// silos started together take turns under an advisory lock held on the migrating connection: EF's own lock does not
    /// span every migration, and two silos inserting the same history row stopped one of them.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        if (db is not PostgresProcurementDb)
        {
            await db.Database.MigrateAsync();
            return;
        }
        await db.Database.OpenConnectionAsync();
        try
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLockKey})");
            await db.Database.MigrateAsync();
        }
        finally
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLockKey})");
            await db.Database.CloseConnectionAsync();
        }
    }

    // Any constant, distinct from the demo seeder's and the dataset generator's locks.
    private const long MigrationLockKey = 7_270_326_001;
}

/// <summary>
/// Runs the quarterly opening once at start: a quarter boundary passed while every Silo was down is caught up (the job
/// is idempotent, so a normal start opens nothing new).
/// </summary>
internal sealed partial class QuarterCatchUp(ISchedulerFactory factory, IConfiguration config, ILogger<QuarterCatchUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!config.GetValue("Scheduler:CatchUpOnStart", true)) return;
        try
        {
            var scheduler = await factory.GetScheduler(stoppingToken);
            await scheduler.TriggerJob(OpenQuarterlyReviewsJob.Key, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The quarter-start trigger and the next start still open the reviews: a failed catch-up must not stop the Silo.
            LogCatchUpFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The quarterly-review catch-up at start failed; the quarter-start trigger still runs")]
    private partial void LogCatchUpFailed(Exception e);
}

public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        return await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy(db.Database.ProviderName) : HealthCheckResult.Unhealthy("database unreachable");
    }
}

internal sealed class SchedulerHealthCheck(ISchedulerFactory factory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var scheduler = await factory.GetScheduler(ct);
        var status = await scheduler.GetStatus(ct);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy(await scheduler.GetSchedulerInstanceId(ct))
            : HealthCheckResult.Unhealthy($"scheduler {status}");
    }
}

/// <summary>
/// The scheduler as a process without its own (a pure-front Web) sees it: the clustered Quartz state in the database.
/// Healthy while at least one Silo's scheduler has checked in recently; Degraded when none has (pages and queries still
/// work, but no job fires and no command is carried out until a Silo is back).
/// </summary>
public sealed class ClusteredSchedulerHealthCheck(IServiceScopeFactory scopes, TimeProvider time, IConfiguration config) : IHealthCheck
{
    /// <summary>Default of <c>Scheduler:Name</c>.</summary>
    public const string DefaultSchedulerName = "procurement";

    /// <summary>
    /// Quartz's scheduler name (<c>quartz.scheduler.instanceName</c>, setting <c>Scheduler:Name</c>): the key of its rows in
    /// the shared tables, the same for every Silo of a cluster. Quartz also keeps one scheduler per name per process, so
    /// hosts sharing a process (tests) each need their own.
    /// </summary>
    public static string SchedulerName(IConfiguration config) => config["Scheduler:Name"] is { Length: > 0 } name ? name : DefaultSchedulerName;

    /// <summary>Default for <c>Health:SchedulerCheckinWithin</c>: three Silo check-in intervals (5 s) and some.</summary>
    public static readonly TimeSpan DefaultCheckinWithin = TimeSpan.FromSeconds(30);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var within = config.GetValue("Health:SchedulerCheckinWithin", DefaultCheckinWithin);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            // Quartz keeps LAST_CHECKIN_TIME as UTC ticks; unquoted names match its tables on PostgreSQL and SQLite alike.
            command.CommandText = "SELECT instance_name, last_checkin_time FROM qrtz_scheduler_state WHERE sched_name = @name";
            var name = command.CreateParameter();
            name.ParameterName = "@name";
            name.Value = SchedulerName(config);
            command.Parameters.Add(name);
            var cutoff = (time.GetUtcNow() - within).UtcTicks;
            var live = new List<string>();
            var stale = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    if (Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture) >= cutoff) live.Add(reader.GetString(0));
                    else stale++;
                }
            }
            return live.Count > 0
                ? HealthCheckResult.Healthy($"{live.Count} Silo scheduler(s) checked in within {within.TotalSeconds:0} s: {string.Join(", ", live)}")
                : HealthCheckResult.Degraded($"no Silo scheduler checked in within {within.TotalSeconds:0} s ({stale} stale): jobs do not fire and commands wait until a Silo runs");
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Degraded("no clustered scheduler state in the database (no Silo has started on it yet)", e);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
