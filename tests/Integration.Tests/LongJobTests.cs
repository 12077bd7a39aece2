using System.Text.Json;
using Procurement.Contracts.Domain;
using Procurement.Integration.Tests.Infrastructure;

namespace Procurement.Integration.Tests;

public sealed class LongJobCluster(ServerFixture servers) : Cluster(servers)
{
    public static readonly TimeSpan TakeOverAfter = TimeSpan.FromSeconds(10);

    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>
    {
        // The quarterly opening made long enough to kill its Silo in the middle: one contract a batch, four seconds between.
        ["Scheduler__ReviewBatchSize"] = "1",
        ["Scheduler__ReviewBatchPause"] = "00:00:04",
        // It runs when the test fires it, not at start.
        ["Scheduler__CatchUpOnStart"] = "false",
        ["Scheduler__TakeOverAfter"] = TakeOverAfter.ToString(),
        ["Scheduler__LockTimeout"] = TakeOverAfter.ToString(),
    };
}

/// <summary>A long job survives the death of the Silo running it: Hangfire on PostgreSQL gives it to the other Silo.</summary>
[Collection(ServersCollection.Name)]
public sealed class LongJobTests(LongJobCluster cluster) : IClassFixture<LongJobCluster>
{
    private const string Job = "open-quarterly-reviews";

    [Fact]
    public Task Killing_the_silo_running_the_quarterly_opening_lets_the_other_silo_finish_it_with_each_review_opened_once() => cluster.RunAsync(async () =>
    {
        // The quarter just ended has no review open yet.
        var (quarter, _, end) = ChinaTime.PreviousQuarter(DateTimeOffset.UtcNow);
        await cluster.ScalarAsync<int>("WITH gone AS (DELETE FROM \"QuarterlyReviews\" WHERE \"Quarter\" = @q RETURNING 1) SELECT COUNT(*)::int FROM gone", ("q", quarter));
        const string Due = "SELECT COUNT(*)::int FROM \"Contracts\" WHERE \"Status\" IN (@active, @rectifying) AND \"SignedAt\" < @end";
        var due = await cluster.ScalarAsync<int>(Due, ("active", (int)ContractStatus.Active), ("rectifying", (int)ContractStatus.Rectifying), ("end", end));
        Assert.True(due >= 3, $"the demo data has {due} contracts in delivery: too few to kill the job in the middle");

        var admin = await cluster.Api.TokenAsync("admin@demo.local");
        var triggered = DateTimeOffset.UtcNow; // the demo database has runs of its own, from when it was made
        Api.Expect(await cluster.Api.PostAsync($"/api/v1/admin/jobs/{Job}/trigger", admin), "run the opening now", 202);

        // 定时任务's view of it: the run in progress, on which Silo, how far.
        var running = await Cluster.Until(async () => Running(Api.Expect(await cluster.Api.GetAsync("/api/v1/admin/jobs", admin), "jobs", 200).Json),
            r => r is { Done: >= 1 }, TimeSpan.FromSeconds(60), every: TimeSpan.FromMilliseconds(250));
        Assert.True(running is { Done: >= 1 }, "the opening did not show its progress on 定时任务 within a minute");
        var victim = cluster.Silos.Single(s => running.Node.Contains($":{s.Pid}:", StringComparison.Ordinal));
        var survivor = cluster.Silos.Single(s => s != victim);
        victim.Kill9();
        var killedAt = DateTime.UtcNow;
        Assert.True(running.Done < running.Total, "the job finished before its Silo could be killed");

        const string Runs = "SELECT \"Node\", \"Succeeded\", \"Summary\" FROM \"JobRuns\" WHERE \"JobName\" = @job AND \"StartedAt\" >= @since";
        var runs = await Cluster.Until(() => cluster.QueryAsync(Runs, r => (Node: r.GetString(0), Succeeded: r.GetBoolean(1), Summary: r.GetString(2)),
                ("job", Job), ("since", triggered)),
            r => r.Any(x => x.Succeeded), TimeSpan.FromSeconds(180));
        var finished = DateTime.UtcNow;

        var run = Assert.Single(runs);
        Assert.Contains($":{survivor.Pid}:", run.Node, StringComparison.Ordinal);
        Assert.Equal(due, await cluster.ScalarAsync<int>("SELECT COUNT(*)::int FROM \"QuarterlyReviews\" WHERE \"Quarter\" = @q", ("q", quarter)));
        // The survivor opened what was left; what the dead Silo had committed stays, nothing opened twice (a unique index would refuse it).
        var openedBySurvivor = int.Parse(run.Summary.Split('|')[1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(openedBySurvivor, 1, due - running.Done);
        Report.Figures("The quarterly opening's Silo killed in the middle",
            ("contracts due", due), ("opened when the Silo was killed", $"{running.Done} or more"), ("opened by the other Silo", openedBySurvivor),
            ("from the kill to the end of the run", $"{(finished - killedAt).TotalSeconds:0} s (take-over after {LongJobCluster.TakeOverAfter.TotalSeconds:0} s)"));
    });

    private sealed record RunningJob(string Node, int Done, int Total);

    private static RunningJob? Running(JsonElement jobs)
    {
        var job = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == Job);
        var run = job.GetProperty("running").EnumerateArray().FirstOrDefault();
        return run.ValueKind == JsonValueKind.Object && run.GetProperty("progress") is { ValueKind: JsonValueKind.Object } p
            ? new RunningJob(run.GetProperty("node").GetString()!, p.GetProperty("done").GetInt32(), p.GetProperty("total").GetInt32())
            : null;
    }
}
