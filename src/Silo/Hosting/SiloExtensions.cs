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
            ReviewNotices.Register(bus);
            bus.AddConsumer<ContractFromAward>();
            configureBus?.Invoke(bus);
        });
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
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
            // The job scheduler's tables too, under the same lock: two silos installing them at once broke the install.
            SchedulerExtensions.InstallSchedulerSchema((Npgsql.NpgsqlConnection)db.Database.GetDbConnection());
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

public sealed class DatabaseHealthCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        return await db.Database.CanConnectAsync(ct) ? HealthCheckResult.Healthy(db.Database.ProviderName) : HealthCheckResult.Unhealthy("database unreachable");
    }
}

