using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Consumers;
using Procurement.Silo.Notifications;
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
        services.AddMail(builder.Configuration);

        // Hosted services start in this order and stop in the reverse one: the silo first and last (jobs and the catch-up
        // call grains), then the scheduler (its jobs may still commit while the bus drains, and consumers schedule on it),
        // then the bus, then the dispatcher, which so publishes only on a started bus and stops publishing before the bus goes.
        services.AddProcurementScheduler(builder.Configuration, runJobs: true);
        services.AddProcurementBus(builder.Configuration, bus =>
        {
            bus.AddConsumer<ActivityProjection>();
            bus.AddConsumer<CloseBiddingAtDeadline>();
            bus.AddConsumer<ConcludeAwardAtPublicityEnd>();
            bus.AddConsumer<NotificationProjection>();
            bus.AddConsumer<NeedNotices>();
            ReviewNotices.Register(bus);
            bus.AddConsumer<ContractFromAward>();
            configureBus?.Invoke(bus);
        });
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        services.AddDependencyHealthChecks(builder.Configuration).AddCheck<SiloHealthCheck>("silo", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Health of what a Silo or a Web depends on, by the ecosystem's checks: the database (SQL Server, PostgreSQL, or the
    /// SQLite file through EF Core) and, when the cluster meets there, Redis; the bus reports through MassTransit's own check.
    /// Redis down only degrades: running silos keep the membership they know and answer calls; only joins and leaves wait.
    /// </summary>
    public static IHealthChecksBuilder AddDependencyHealthChecks(this IServiceCollection services, IConfiguration config)
    {
        var checks = services.AddHealthChecks();
        var cs = config.GetConnectionString("Procurement") ?? "";
        _ = config.ReadProvider() switch
        {
            DatabaseProvider.SqlServer => checks.AddSqlServer(cs, name: "database", tags: ["ready"]),
            DatabaseProvider.PostgreSql => checks.AddNpgSql(cs, name: "database", tags: ["ready"]),
            _ => checks.AddDbContextCheck<ProcurementDb>("database", tags: ["ready"]),
        };
        if (ClusterSettings.From(config).Redis is { } redis) checks.AddRedis(redis, "redis", HealthStatus.Degraded, ["ready"]);
        return checks;
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
    /// Checks at start that the database answers (<see cref="DatabaseReachability.EnsureReachableAsync"/>: one clear line and
    /// exit code 1 if not) and, when <paramref name="migrate"/>, creates or upgrades its schema. SQLite switches to WAL so
    /// readers never block the writer. On a server database Silos started together take turns under
    /// <see cref="DatabaseLock.Migration"/>, which also covers the job scheduler's tables: EF's own lock does not span every
    /// migration on PostgreSQL, and two Silos installing the scheduler's tables at once broke the install.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services, bool migrate = true)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        await db.EnsureReachableAsync();
        if (!migrate) return;
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        await using (await DatabaseLock.Migration.HoldAsync(db))
        {
            await db.Database.MigrateAsync();
            SchedulerExtensions.InstallSchedulerSchema(db);
        }
    }
}
