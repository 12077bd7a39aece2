using Hangfire.InMemory;
using Hangfire.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Procurement.Silo.Scheduling;

namespace Procurement.Silo.Tests.Hosting;

/// <summary>
/// The scheduler's health, as a Silo and a pure-front Web both judge it: by the job servers' heartbeats in the job storage
/// (servers announced here by hand, as a Silo's job server announces itself).
/// </summary>
public sealed class SchedulerHealthCheckTests : IDisposable
{
    private readonly InMemoryStorage storage = new();

    public void Dispose() => storage.Dispose();

    private Task<HealthCheckResult> Check(TimeSpan within) => new SchedulerHealthCheck(storage, new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Health:SchedulerCheckinWithin"] = within.ToString() }).Build())
        .CheckHealthAsync(new HealthCheckContext());

    private void Announce(string server)
    {
        using var connection = storage.GetConnection();
        connection.AnnounceServer(server, new ServerContext { Queues = ["default"], WorkerCount = 1 });
    }

    [Fact]
    public async Task No_job_server_is_degraded_not_unhealthy_because_pages_still_work()
    {
        var result = await Check(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("no job server", result.Description);
    }

    [Fact]
    public async Task A_server_with_a_recent_heartbeat_is_healthy_and_named()
    {
        Announce("silo-a");
        var result = await Check(TimeSpan.FromMinutes(1));
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("silo-a", result.Description);
    }

    [Fact]
    public async Task A_server_whose_heartbeat_is_older_than_the_limit_does_not_count()
    {
        Announce("silo-a");
        await Task.Delay(TimeSpan.FromMilliseconds(1200), TestContext.Current.CancellationToken);
        var result = await Check(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("1 stale", result.Description);
    }
}
