using System.Text.Json.Nodes;
using Procurement.Integration.Tests.Infrastructure;

namespace Procurement.Integration.Tests;

/// <summary>
/// A queue of 200 calls on one activation outlasts the fault tests' 5 s give-up on a loaded 2-core machine (each call
/// about 50–75 ms). A call that gives up there is made again at the back of the queue, which only lengthens it; the
/// client here waits as production does (Orleans' default 30 s) and so does the Web, so every answer is the grain's own.
/// </summary>
public sealed class ConcurrentUpdateCluster(ServerFixture servers) : Cluster(servers)
{
    protected override IReadOnlyDictionary<string, string?> FrontSettings => new Dictionary<string, string?>
    {
        ["Cluster__Messaging__ResponseTimeout"] = "00:00:30",
        ["Commands__Timeout"] = "00:00:30",
    };
}

/// <summary>
/// One project updated concurrently through both silos' gateways: the cluster keeps one activation of the project grain
/// (Redis grain directory), which runs the calls one at a time, so every request is accepted, none is lost or refused as
/// busy, and no write is ever made on stale state (no version conflict on either silo).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ConcurrentUpdateTests(ConcurrentUpdateCluster cluster) : IClassFixture<ConcurrentUpdateCluster>
{
    public const int Organizations = 40;
    public const int AmendmentsPerOrganization = 5;

    [Fact]
    public Task Two_hundred_concurrent_updates_of_one_project_across_both_silos_lose_no_update() => cluster.RunAsync(async () =>
    {
        var api = cluster.Api;
        var province = await api.TokenAsync("province@demo.local");
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var registering = System.Diagnostics.Stopwatch.StartNew();
        var members = await api.OrganizationsAsync(Organizations, "race", province);
        var registered = registering.Elapsed;
        var draft = Bodies.Project(unionId, DateTimeOffset.UtcNow.AddHours(2), $"集成测试 并发 {Guid.NewGuid():N}");
        var projectId = Api.Expect(await api.PostAsync("/api/v1/projects", province, draft), "create draft", 201).Id;
        Api.Expect(await api.PostAsync($"/api/v1/projects/{projectId}/publish", province), "publish", 204);
        var conflictsBefore = cluster.Silos.Select(s => s.CountInLog("Concurrency conflict on project/")).ToArray();

        // Round 1: every organization's first bid at once — each one adds to BidCount.
        var first = await Fire(projectId, members.Select((m, i) => (m, Bodies.Bid(draft, 150_000_00 + i * 100, $"初版 {Guid.NewGuid():N}"))));
        var (count1, version1) = await Settled(projectId, first);

        // Round 2: 200 amendments at once (five per organization) — each one bumps the version and nothing else.
        var second = await Fire(projectId, members.SelectMany((m, i) => Enumerable.Range(1, AmendmentsPerOrganization)
            .Select(k => (m, Bodies.Bid(draft, 150_000_00 + i * 100 + k, $"修改{k} {Guid.NewGuid():N}")))));
        var (count2, version2) = await Settled(projectId, second);

        var recorded = await CommandIds.ProcessedAsync(cluster, first.Concat(second).Select(a => (a.Key, a.Member.Email)));
        var executions = await cluster.ScalarAsync<long>(
            "SELECT count(*) FROM \"AuditTrail\" WHERE \"AggregateId\" = @p AND \"Action\" = 'BidSubmitted'", ("p", projectId));
        var auditEntries = await cluster.ScalarAsync<long>("SELECT count(*) FROM \"AuditTrail\" WHERE \"AggregateId\" = @p", ("p", projectId));
        var bids = await cluster.QueryAsync("SELECT \"OrganizationId\", \"Plan\", \"AmountFen\" FROM \"Bids\" WHERE \"ProjectId\" = @p AND \"Status\" = 1",
            r => (Organization: r.GetGuid(0), Plan: r.GetString(1), Amount: r.GetInt64(2)), ("p", projectId));
        var conflicts = cluster.Silos.Select((s, i) => s.CountInLog("Concurrency conflict on project/") - conflictsBefore[i]).ToArray();

        var accepted1 = first.Where(a => a.Reply.Ok).ToList();
        var accepted2 = second.Where(a => a.Reply.Ok).ToList();
        var executed1 = first.Count(a => recorded.Contains(a.Key));
        var executed2 = second.Count(a => recorded.Contains(a.Key));
        // A bid's content is that of one request its organization sent, and of one that was carried out.
        var plansRun = first.Concat(second).Where(a => recorded.Contains(a.Key)).ToLookup(a => a.Member.OrganizationId, a => a.Body["plan"]!.GetValue<string>());
        var foreignContent = bids.Count(b => !plansRun[b.Organization].Contains(b.Plan));

        Report.Figures("200 concurrent amendments of one project across both Silos (40 organizations)",
            ("organizations registered+approved+signed in", $"{Organizations} in {registered.TotalSeconds:0.0} s"),
            ("round 1: first bids sent / accepted / executed", $"{first.Count} / {accepted1.Count} / {executed1}"),
            ("round 1 answers", Statuses.Summary(first.Select(a => a.Reply))),
            ("round 2: amendments sent / accepted / executed", $"{second.Count} / {accepted2.Count} / {executed2}"),
            ("round 2 answers", Statuses.Summary(second.Select(a => a.Reply))),
            ("round 2 slowest answer", $"{second.Max(a => a.Reply.Took).TotalSeconds:0.00} s"),
            ("BidCount after round 1 / 2", $"{count1} / {count2}"),
            ("Version after round 1 / 2 (delta)", $"{version1} / {version2} ({version2 - version1})"),
            ("audit entries / Version", $"{auditEntries} / {version2}"),
            ("BidSubmitted executions / recorded commands", $"{executions} / {executed1 + executed2}"),
            ("live bid rows", bids.Count),
            ("bids whose content no executed request sent", foreignContent),
            ("conflict re-runs on silo1 / silo2", $"{conflicts[0]} / {conflicts[1]}"),
            ("queues (name durable auto_delete consumers messages)", await cluster.Servers.QueuesAsync(cluster.Name)));

        Assert.All(accepted1.Concat(accepted2), a => Assert.Contains(a.Key, recorded));
        Assert.Equal(Organizations, executed1);
        Assert.Equal(Organizations, count1);
        Assert.Equal(Organizations, count2);
        Assert.Equal(Organizations, bids.Count);
        Assert.Equal(executed2, version2 - version1);
        Assert.Equal(auditEntries, version2);
        Assert.Equal(executed1 + executed2, executions);
        Assert.Equal(0, foreignContent);
        Assert.Equal(first.Count, accepted1.Count);
        Assert.Equal(second.Count, accepted2.Count);
        Assert.True(conflicts.All(c => c == 0), $"one activation writes the project: no call re-run on stale state (re-runs {conflicts[0]} / {conflicts[1]})");
    });

    private sealed record Sent(Guid Key, Member Member, JsonObject Body, Reply Reply);

    /// <summary>Sends every request at once (each with its own Idempotency-Key) and waits for all answers.</summary>
    private async Task<List<Sent>> Fire(Guid projectId, IEnumerable<(Member Member, JsonObject Body)> requests)
    {
        var gate = new TaskCompletionSource();
        var tasks = requests.Select(async r =>
        {
            await gate.Task;
            var key = Guid.NewGuid();
            var reply = await cluster.Api.PostAsync($"/api/v1/projects/{projectId}/bids", r.Member.Token, r.Body, key.ToString());
            return new Sent(key, r.Member, r.Body, reply);
        }).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }

    /// <summary>
    /// The project's row once the round is over. A request the Web gave up on (503 after <c>Commands:Timeout</c>, on a
    /// loaded machine) may still be carried out afterwards: then wait until the version has stopped moving, so that every
    /// figure below is read from the same state.
    /// </summary>
    private async Task<(int BidCount, long Version)> Settled(Guid id, List<Sent> round)
    {
        var last = await Row(id);
        if (round.All(a => a.Reply.Ok)) return last;
        var until = DateTime.UtcNow.AddSeconds(60);
        for (var unchanged = 0; unchanged < 3 && DateTime.UtcNow < until;)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = await Row(id);
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
        }
        return last;
    }

    private async Task<(int BidCount, long Version)> Row(Guid id)
    {
        var rows = await cluster.QueryAsync("SELECT \"BidCount\", \"Version\" FROM \"Projects\" WHERE \"Id\" = @p", r => (r.GetInt32(0), r.GetInt64(1)), ("p", id));
        return rows.Single();
    }
}
