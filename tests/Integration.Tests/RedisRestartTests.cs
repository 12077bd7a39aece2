using System.Text.Json.Nodes;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Tests.Support;

namespace Procurement.Integration.Tests;

public sealed class RedisRestartCluster(ServerFixture servers) : Cluster(servers);

/// <summary>
/// Redis (the cluster's membership table and grain directory) restarted in the middle of a burst of bids: it comes back
/// with its append-only file, the silos and the Web carry on, and every request is answered, once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class RedisRestartTests(RedisRestartCluster cluster) : IClassFixture<RedisRestartCluster>
{
    public const int Organizations = 30;
    public const int RequestsPerOrganization = 12;

    [Fact]
    public Task A_redis_restart_in_mid_stream_leaves_the_cluster_answering_and_loses_nothing() => cluster.RunAsync(async () =>
    {
        var api = cluster.Api;
        var province = await api.TokenAsync("province@demo.local");
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var members = await api.OrganizationsAsync(Organizations, "redis", province);
        var draft = Bodies.Project(unionId, DateTimeOffset.UtcNow.AddHours(2), $"集成测试 Redis重启 {Guid.NewGuid():N}");
        var projectId = Api.Expect(await api.PostAsync("/api/v1/projects", province, draft), "create draft", 201).Id;
        Api.Expect(await api.PostAsync($"/api/v1/projects/{projectId}/publish", province), "publish", 204);
        var feeds = await Feeds.ConnectAsync(api.BaseAddress, members);
        await using var unionFeed = await HubClient.ConnectAsync(api.BaseAddress, province);
        try
        {
            var restartedAt = TimeSpan.Zero;
            var away = TimeSpan.Zero;
            var healthyAgain = TimeSpan.Zero;
            var burst = new BidBurst(cluster, members, [(projectId, draft)]);
            var started = DateTime.UtcNow;
            var attempts = await burst.RunAsync(RequestsPerOrganization, faultAfter: Organizations * RequestsPerOrganization / 3, fault: async () =>
            {
                restartedAt = DateTime.UtcNow - started;
                away = await cluster.Servers.Redis.RestartAsync(TimeSpan.FromSeconds(2));
                var back = DateTime.UtcNow;
                await Task.WhenAll(cluster.Silos.Append(cluster.Web).Select(p => p.WaitHealthyAsync(TimeSpan.FromSeconds(90))));
                healthyAgain = DateTime.UtcNow - back;
            });

            var outcome = await BurstOutcome.SettleAsync(cluster, attempts, [projectId], feeds, unionFeed, TimeSpan.FromSeconds(60));
            Report.Figures("Redis restart during a bid burst (1 Web + 2 silos, 30 organizations, 1 project)",
            [
                ("burst duration", $"{burst.Duration.TotalSeconds:0.0} s"),
                ("Redis stopped at / away for", $"{restartedAt.TotalSeconds:0.0} s / {away.TotalSeconds:0.0} s"),
                ("all processes healthy again after", $"{healthyAgain.TotalSeconds:0.0} s"),
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
