using System.Text.Json.Nodes;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Tests.Support;

namespace Procurement.Integration.Tests;

public sealed class SiloCrashCluster(ServerFixture servers) : Cluster(servers);

/// <summary>
/// A silo lost in the middle of a burst of bids, killed (kill -9) or stopped gracefully: the cluster declares it dead (or
/// it leaves), its grains are activated on the other silo, and the Web repeats the calls that were in flight with the same
/// command id, so no client sees a failure and nothing runs twice; its leased outbox rows are taken over when the lease
/// expires, and the restarted silo joins again.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class SiloCrashTests(SiloCrashCluster cluster) : IClassFixture<SiloCrashCluster>
{
    public const int Organizations = 50;
    // 1,000 requests, the burst the issue asks for.
    public const int RequestsPerOrganization = 20;

    [Fact]
    public Task A_silo_killed_during_a_burst_of_bids_loses_no_accepted_bid_and_no_event() =>
        BurstWithALostSiloAsync("Silo kill -9 during a bid burst", "crash", victim =>
        {
            victim.Kill9();
            return Task.CompletedTask;
        });

    [Fact]
    public Task A_silo_stopped_gracefully_during_a_burst_of_bids_fails_no_request() =>
        BurstWithALostSiloAsync("Graceful stop (SIGTERM) of a silo during a bid burst", "stop", victim => victim.StopAsync());

    private Task BurstWithALostSiloAsync(string title, string tag, Func<AppProcess, Task> lose) => cluster.RunAsync(async () =>
    {
        var api = cluster.Api;
        var province = await api.TokenAsync("province@demo.local");
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var registering = System.Diagnostics.Stopwatch.StartNew();
        var members = await api.OrganizationsAsync(Organizations, tag, province);
        var registered = registering.Elapsed;
        var projects = new List<(Guid Id, JsonObject Draft)>();
        for (var p = 0; p < 2; p++)
        {
            var draft = Bodies.Project(unionId, DateTimeOffset.UtcNow.AddHours(2), $"集成测试 故障 {tag} {p} {Guid.NewGuid():N}");
            var id = Api.Expect(await api.PostAsync("/api/v1/projects", province, draft), "create draft", 201).Id;
            Api.Expect(await api.PostAsync($"/api/v1/projects/{id}/publish", province), "publish", 204);
            projects.Add((id, draft));
        }
        var feeds = await Feeds.ConnectAsync(api.BaseAddress, members);
        await using var unionFeed = await HubClient.ConnectAsync(api.BaseAddress, province);
        try
        {
            var victim = cluster.Silos[1];
            var lostAt = TimeSpan.Zero;
            var restartedIn = TimeSpan.Zero;
            var repeatedBefore = cluster.Web.CountInLog("silo lost on attempt");
            var burst = new BidBurst(cluster, members, projects);
            var started = DateTime.UtcNow;
            var attempts = await burst.RunAsync(RequestsPerOrganization, faultAfter: Organizations * RequestsPerOrganization / 3, fault: async () =>
            {
                lostAt = DateTime.UtcNow - started;
                await lose(victim);
                Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the lost silo is still running");
                await Task.Delay(TimeSpan.FromSeconds(2));
                var restarting = DateTime.UtcNow;
                victim.Start();
                await victim.WaitHealthyAsync(Cluster.StartTimeout);
                restartedIn = DateTime.UtcNow - restarting;
            });

            var outcome = await BurstOutcome.SettleAsync(cluster, attempts, [.. projects.Select(p => p.Id)], feeds, unionFeed, TimeSpan.FromSeconds(60));
            Report.Figures($"{title} (1 Web + 2 silos, 50 organizations, 2 projects)",
            [
                ("organizations registered+approved+signed in", $"{Organizations} in {registered.TotalSeconds:0.0} s"),
                ("burst duration", $"{burst.Duration.TotalSeconds:0.0} s"),
                ("silo2 lost at / restarted healthy in", $"{lostAt.TotalSeconds:0.0} s / {restartedIn.TotalSeconds:0.0} s"),
                ("grain calls the Web repeated after the silo was lost", cluster.Web.CountInLog("silo lost on attempt") - repeatedBefore),
                .. outcome.Figures(),
            ]);
            outcome.AssertGuarantees();
            Assert.True(cluster.Silos.All(s => s.IsRunning), "both silos run at the end");
        }
        finally
        {
            await Feeds.DisposeAsync(feeds.Values);
        }
    });
}
