using System.Text.Json.Nodes;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Tests.Support;

namespace Procurement.Integration.Tests;

public sealed class BrokerRestartCluster(ServerFixture servers) : Cluster(servers);

/// <summary>
/// RabbitMQ restarted in the middle of a burst of bids: commands do not travel on the bus, so every request is still
/// answered; events wait in the outbox, and once the broker is back every process reconnects and everything is delivered.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class BrokerRestartTests(BrokerRestartCluster cluster) : IClassFixture<BrokerRestartCluster>
{
    public const int Organizations = 30;
    public const int RequestsPerOrganization = 12;

    [Fact]
    public Task A_broker_restart_in_mid_stream_loses_nothing_and_delivers_everything_once_it_is_back() => cluster.RunAsync(async () =>
    {
        var api = cluster.Api;
        var province = await api.TokenAsync("province@demo.local");
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var registering = System.Diagnostics.Stopwatch.StartNew();
        var members = await api.OrganizationsAsync(Organizations, "broker", province);
        var registered = registering.Elapsed;
        var draft = Bodies.Project(unionId, DateTimeOffset.UtcNow.AddHours(2), $"集成测试 消息中间件重启 {Guid.NewGuid():N}");
        var projectId = Api.Expect(await api.PostAsync("/api/v1/projects", province, draft), "create draft", 201).Id;
        Api.Expect(await api.PostAsync($"/api/v1/projects/{projectId}/publish", province), "publish", 204);
        var queuesBefore = await cluster.Servers.QueuesAsync(cluster.Name);
        var feeds = await Feeds.ConnectAsync(api.BaseAddress, members);
        await using var unionFeed = await HubClient.ConnectAsync(api.BaseAddress, province);
        try
        {
            var restartedAt = TimeSpan.Zero;
            DateTime stoppingUtc = default, backUtc = default, healthyUtc = default;
            (TimeSpan Down, TimeSpan Start) restart = default;
            var healthyAgain = TimeSpan.Zero;
            var burst = new BidBurst(cluster, members, [(projectId, draft)]);
            var started = DateTime.UtcNow;
            var attempts = await burst.RunAsync(RequestsPerOrganization, faultAfter: Organizations * RequestsPerOrganization / 3, fault: async () =>
            {
                stoppingUtc = DateTime.UtcNow;
                restartedAt = stoppingUtc - started;
                restart = await cluster.Servers.RestartRabbitAsync(TimeSpan.FromSeconds(2));
                backUtc = DateTime.UtcNow;
                // Every process reconnects by itself; /health includes the bus.
                await Task.WhenAll(cluster.Silos.Append(cluster.Web).Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
                healthyUtc = DateTime.UtcNow;
                healthyAgain = healthyUtc - backUtc;
            });

            var outcome = await BurstOutcome.SettleAsync(cluster, attempts, [projectId], feeds, unionFeed, TimeSpan.FromSeconds(60));
            Report.Figures("RabbitMQ restart during a bid burst (1 Web + 2 Silos, 30 organizations, 1 project)",
            [
                ("organizations registered+approved+signed in", $"{Organizations} in {registered.TotalSeconds:0.0} s"),
                ("burst duration", $"{burst.Duration.TotalSeconds:0.0} s"),
                ("broker stopped at", $"{restartedAt.TotalSeconds:0.0} s"),
                ("broker away / its start took", $"{restart.Down.TotalSeconds:0.0} s / {restart.Start.TotalSeconds:0.0} s"),
                ("all processes healthy again after", $"{healthyAgain.TotalSeconds:0.0} s"),
                ("timeline: stop / broker back / all healthy", $"{stoppingUtc:HH:mm:ss.fff} / {backUtc:HH:mm:ss.fff} / {healthyUtc:HH:mm:ss.fff} UTC"),
                .. outcome.Figures(),
                ("web: last bus connection failure (log)", AppProcess.TimeOf(cluster.Web.LastInLog("Connection Failed")) ?? "none"),
                ("silos: last bus connection failure (log)", string.Join(" / ", cluster.Silos.Select(s => AppProcess.TimeOf(s.LastInLog("Connection Failed")) ?? "none"))),
                ("queues before (name durable auto_delete consumers messages)", queuesBefore),
                ("queues after", await cluster.Servers.QueuesAsync(cluster.Name)),
            ]);
            outcome.AssertGuarantees();
            // Commands:Timeout (15 s) bounds every command's answer, broker or not; 10 s of margin for a loaded machine.
            Assert.True(outcome.SlowestAnswer < TimeSpan.FromSeconds(25), $"an answer took {outcome.SlowestAnswer.TotalSeconds:0.0} s while the broker restarted");
        }
        finally
        {
            await Feeds.DisposeAsync(feeds.Values);
        }
    });
}
