using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Tests.Support;

namespace Procurement.Bench.Scenarios;

/// <summary>
/// Distributed mode on real servers started for the run (PostgreSQL with its durable defaults, RabbitMQ), two Silos and
/// one Web as processes: the portal's pages as in embedded mode, sealed bids end to end beside PostgreSQL's raw commit
/// rate, and milestone events from commit to a SignalR client beside RabbitMQ's raw round trip.
/// </summary>
public static class DistributedScenarios
{
    private const string Vhost = "procurement";

    public static async Task RunAsync(Run run)
    {
        if (!PostgresServer.Installed || !RabbitServer.Installed || !RedisServer.Installed)
        {
            Console.WriteLine("  skipped: PostgreSQL 15, RabbitMQ and Redis are not installed (deploy/local/install-servers.sh installs them)");
            return;
        }
        var folder = run.Sub("distributed");
        var postgres = new PostgresServer(Path.Combine(folder, "pg"), durable: true);
        var rabbit = new RabbitServer(Path.Combine(folder, "rabbitmq"));
        var redis = new RedisServer(Path.Combine(folder, "redis"));
        var processes = new List<AppProcess>();
        try
        {
            await Task.WhenAll(postgres.StartAsync(), rabbit.StartAsync(), redis.StartAsync());
            await postgres.CreateDatabaseAsync("procurement");
            await rabbit.CreateVhostAsync(Vhost);
            var database = postgres.ConnectionString("procurement");
            await using var db = Database.Open(DatabaseProvider.PostgreSql, database);
            await db.PrepareDatabaseAsync();
            await Datasets.GenerateAsync(run, db, run.Quick ? DatasetSize.Small : DatasetSize.Province, run.Quick ? "small province, PostgreSQL" : "province, PostgreSQL");

            // Two Silos and a pure-front Web on a database; the same vhost (the bus carries no state between runs).
            async Task<AppProcess> StartAsync(string database, string tag, bool seedDemo = false)
            {
                Dictionary<string, string?> Settings(string name)
                {
                    var settings = AppSettings.WithFolders(AppSettings.Common(database, DatabaseProvider.PostgreSql), Path.Combine(folder, name));
                    settings["Bus__Transport"] = "RabbitMq";
                    settings["ConnectionStrings__RabbitMq"] = rabbit.AmqpUri(Vhost);
                    // One grain cluster per start (its own id) on the run's Redis; each silo its own ports.
                    settings["Cluster__Provider"] = "Redis";
                    settings["Cluster__Id"] = "bench" + tag;
                    settings["ConnectionStrings__Redis"] = redis.ConnectionString(0);
                    settings["Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
                    settings["Cluster__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return settings;
                }
                var first = Settings("silo1");
                first["Demo__Seed"] = seedDemo ? "true" : "false";
                var started = new List<AppProcess>
                {
                    new($"silo1{tag}", AppBinaries.Silo, folder, first),
                    new($"silo2{tag}", AppBinaries.Silo, folder, Settings("silo2")),
                };
                var webSettings = Settings("web");
                webSettings["Silo__Hosted"] = "false";
                webSettings["Demo__Seed"] = "false";
                webSettings["Web__InstanceId"] = "bench-web" + tag;
                started.Add(new AppProcess($"web{tag}", AppBinaries.Web, folder, webSettings));
                processes.AddRange(started);
                foreach (var p in started) p.Start();
                await Task.WhenAll(started.Select(p => p.WaitHealthyAsync(TimeSpan.FromMinutes(2))));
                return started[^1];
            }
            var web = await StartAsync(database, "");
            await EmbeddedScenarios.PagesAsync(run, "portal pages, distributed", web, db);

            var raw = await Limits.PostgresCommitsAsync(database, 16, run.Window);
            await EmbeddedScenarios.BidsAsync(run, "sealed bids, distributed", web, db,
                ("PostgreSQL commits/s", raw, "16 connections, 1 row per commit, fsync and synchronous_commit on"));

            var roundTrips = await Limits.RabbitRoundTripsAsync(rabbit.AmqpUri(Vhost), run.Quick ? 300 : 3_000);
            run.Results.Add(new Figure("milestone events", "raw broker round trip p99", roundTrips.Percentile(99), "ms",
                Note: $"p50 {roundTrips.Percentile(50):0.00} ms; durable queues, persistent messages, publisher confirms"));
            await EventsAsync(run, web, db, roundTrips.Percentile(99));

            foreach (var silo in processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal)))
            {
                var memory = ProcessMemory.Of(silo.Pid);
                run.Results.Add(new Figure("distributed", $"{silo.Name} memory after bids and events", memory.RssMb, "MB", Note: $"peak {memory.PeakMb:0} MB"));
            }

            // The quarter end on PostgreSQL: its own database of active contracts, a fresh cluster of processes on it.
            await Task.WhenAll(processes.Select(p => p.StopAsync()));
            processes.Clear();
            await postgres.CreateDatabaseAsync("reviews");
            var reviewsDatabase = postgres.ConnectionString("reviews");
            // The demo first, seeded by a Silo as in production (its platform administrator fires the job), then the dataset.
            await StartAsync(reviewsDatabase, "-seed", seedDemo: true);
            await Task.WhenAll(processes.Select(p => p.StopAsync()));
            processes.Clear();
            await using var reviewsDb = Database.Open(DatabaseProvider.PostgreSql, reviewsDatabase);
            await Datasets.GenerateAsync(run, reviewsDb, DatasetSize.ActiveContracts(run.ActiveContracts), "active contracts, PostgreSQL");
            var reviewsWeb = await StartAsync(reviewsDatabase, "-reviews");
            await ReviewScenarios.OpenAsync(run, "quarterly reviews, distributed", reviewsWeb, reviewsDb, raw, "PostgreSQL, 16 connections, fsync on",
                [.. processes.Where(p => p.Name.StartsWith("silo", StringComparison.Ordinal))]);
        }
        finally
        {
            await Task.WhenAll(processes.Select(p => p.StopAsync()));
            await rabbit.DisposeAsync();
            await redis.StopAsync();
            await postgres.StopAsync();
        }
    }

    /// <summary>
    /// Organizations report milestones at a fixed rate; a union administrator's SignalR client times each
    /// MilestoneReported from the time its grain call committed it (the event's time) to its arrival. Each rate of
    /// <see cref="Run.MilestoneEvents"/> is a run of its own on fresh milestones: a rate the cluster sustains shows the
    /// path's latency, the goal's 200/s whether it keeps up.
    /// </summary>
    private static async Task EventsAsync(Run run, AppProcess web, IServiceProvider db, double brokerP99)
    {
        const string scenario = "milestone events";
        var rates = run.MilestoneEvents;
        var all = await Workload.ReportableAsync(db, rates.Sum(r => r.Count));
        if (all.Count < rates.Sum(r => r.Count)) throw new InvalidOperationException($"the dataset has {all.Count} reportable milestones, {rates.Sum(r => r.Count)} needed");
        using var api = new ApiClient(web.BaseAddress);
        var members = await Task.WhenAll(all.Select(m => m.MemberEmail).Distinct().Select(async e => (e, await api.TokenAsync(e))));
        var tokens = members.ToDictionary(m => m.e, m => m.Item2);
        var admin = (await Workload.PortalAsync(db)).AdminEmail;
        await using var hub = await HubClient.ConnectAsync(web.BaseAddress, await api.TokenAsync(admin));

        var offset = 0;
        foreach (var (perSecond, count) in rates)
        {
            var milestones = all.GetRange(offset, count);
            offset += count;
            var expected = milestones.Select(m => m.MilestoneId).ToHashSet();
            var latency = new Samples();
            var received = new ConcurrentDictionary<Guid, bool>();
            void Time(JsonElement e)
            {
                if (e.GetProperty("kind").GetString() != "MilestoneReported") return;
                var id = e.GetProperty("data").GetProperty("milestoneId").GetGuid();
                if (expected.Contains(id) && received.TryAdd(id, true))
                    latency.Add((DateTimeOffset.UtcNow - e.GetProperty("at").GetDateTimeOffset()).TotalMilliseconds);
            }
            hub.Received += Time;
            var failures = new ConcurrentQueue<string>();
            var took = await Load.PacedAsync($"milestone reports at {perSecond}/s", perSecond, milestones.Count, async i =>
            {
                var m = milestones[i];
                using var form = new MultipartFormDataContent
                {
                    { new StringContent("40"), "beneficiariesServed" },
                    { new StringContent("3"), "sessionsHeld" },
                    { new StringContent("1200.50"), "expenditureYuan" },
                    { new StringContent("开展职工心理健康讲座三场，覆盖一线职工四十人。"), "narrative" },
                };
                if (await api.SendAsync(HttpMethod.Post, $"/api/v1/contracts/{m.ContractId}/milestones/{m.MilestoneId}/reports", tokens[m.MemberEmail], form) is { } failure)
                    failures.Enqueue(failure);
            });
            var waiting = Stopwatch.StartNew();
            while (received.Count < milestones.Count - failures.Count && waiting.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(100);
            hub.Received -= Time;
            if (failures.Count > milestones.Count / 20)
                throw new InvalidOperationException($"{failures.Count} of {milestones.Count} reports failed; first: {failures.First()}");
            if (received.Count < milestones.Count - failures.Count)
                throw new InvalidOperationException($"{milestones.Count - failures.Count - received.Count} accepted reports never reached the live feed");

            var achieved = milestones.Count / took.TotalSeconds;
            run.Results.Add(new Figure(scenario, $"commit → SignalR client p99, {perSecond}/s asked", latency.Percentile(99), "ms", "broker round trip p99", brokerP99,
                perSecond >= 200 ? Goal.AtMost(250, "≤ 250 ms at 200/s") : Goal.RatioAtMost(3, "≤ 3× broker p99"),
                $"{milestones.Count} reports sent at {achieved:0}/s, {received.Count} events received, {failures.Count} failed; p50 {latency.Percentile(50):0.0} ms" +
                (achieved < perSecond * 0.9 ? "; the cluster did not keep up with the asked rate" : "")));
        }
    }
}
