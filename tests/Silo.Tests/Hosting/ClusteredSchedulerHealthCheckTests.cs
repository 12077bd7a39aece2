using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Hosting;

/// <summary>
/// A pure-front Web judges the scheduler by the Silos' check-ins in Quartz's clustered state table (rows written here
/// by hand, as Quartz writes them: UTC ticks).
/// </summary>
public sealed class ClusteredSchedulerHealthCheckTests : IAsyncLifetime
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"scheduler-health-{Guid.NewGuid():N}.db");
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    public async ValueTask InitializeAsync()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Procurement"] = $"Data Source={file}",
        }).Build();
        services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddSingleton<TimeProvider>(clock)
            .AddProcurementStorage(config).AddSingleton<ClusteredSchedulerHealthCheck>().BuildServiceProvider();
        await Sql("CREATE TABLE QRTZ_SCHEDULER_STATE (SCHED_NAME TEXT NOT NULL, INSTANCE_NAME TEXT NOT NULL, LAST_CHECKIN_TIME BIGINT NOT NULL, CHECKIN_INTERVAL BIGINT NOT NULL, PRIMARY KEY (SCHED_NAME, INSTANCE_NAME))");
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
    }

    private async Task Sql(string sql)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProcurementDb>().Database.ExecuteSqlRawAsync(sql);
    }

    private Task CheckIn(string scheduler, string instance, TimeSpan ago) =>
        Sql($"INSERT INTO QRTZ_SCHEDULER_STATE VALUES ('{scheduler}', '{instance}', {(clock.GetUtcNow() - ago).UtcTicks}, 5000)");

    private Task<HealthCheckResult> Check() =>
        services.GetRequiredService<ClusteredSchedulerHealthCheck>().CheckHealthAsync(new HealthCheckContext());

    [Fact]
    public async Task Healthy_while_a_silo_scheduler_checked_in_recently_and_names_it()
    {
        await CheckIn(ClusteredSchedulerHealthCheck.DefaultSchedulerName, "silo-a", TimeSpan.FromMinutes(10));
        await CheckIn(ClusteredSchedulerHealthCheck.DefaultSchedulerName, "silo-b", TimeSpan.FromSeconds(4));

        var result = await Check();

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("silo-b", result.Description);
        Assert.DoesNotContain("silo-a", result.Description);
    }

    [Fact]
    public async Task Degraded_when_every_check_in_is_older_than_the_threshold_or_from_another_scheduler()
    {
        await CheckIn(ClusteredSchedulerHealthCheck.DefaultSchedulerName, "silo-a", TimeSpan.FromSeconds(31));
        await CheckIn("someone-else", "other", TimeSpan.Zero);

        var result = await Check();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.StartsWith("no Silo scheduler checked in within 30 s (1 stale)", result.Description);
    }

    [Fact]
    public async Task Degraded_with_a_clear_description_when_no_silo_ever_created_the_scheduler_tables()
    {
        await Sql("DROP TABLE QRTZ_SCHEDULER_STATE");

        var result = await Check();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("no Silo has started", result.Description);
    }
}
