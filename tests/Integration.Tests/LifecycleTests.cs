using System.Text.Json;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Tests.Support;

namespace Procurement.Integration.Tests;

public sealed class LifecycleCluster(ServerFixture servers) : Cluster(servers)
{
    // The activity projection logs each event it handles at Debug: the correlation test looks for its line.
    protected override IReadOnlyDictionary<string, string?> SiloSettings => new Dictionary<string, string?>
    {
        ["Logging__LogLevel__Procurement.Silo.Consumers.ActivityProjection"] = "Debug",
        // A recurring job every minute on both Silos: each occurrence must run once across them.
        ["Scheduler__Cron__outbox-cleanup"] = "* * * * *",
    };
}

/// <summary>
/// The project lifecycle through one Web and two Silos on PostgreSQL and RabbitMQ, over HTTP only: every command crosses
/// the cluster's gateway to whichever Silo holds the grain, and the job scheduler (Hangfire on PostgreSQL) closes bidding at the deadline exactly once.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class LifecycleTests(LifecycleCluster cluster) : IClassFixture<LifecycleCluster>
{
    private Api Api => cluster.Api;

    [Fact]
    public Task A_published_project_is_closed_once_by_the_clustered_scheduler_evaluated_and_awarded_to_a_contract() => cluster.RunAsync(async () =>
    {
        var province = await Api.TokenAsync("province@demo.local");
        var org1 = await Api.TokenAsync("org1@demo.local");
        var org2 = await Api.TokenAsync("org2@demo.local");
        string[] evaluatorEmails = ["evaluator1@demo.local", "evaluator2@demo.local"];
        var evaluators = await Task.WhenAll(evaluatorEmails.Select(e => Api.TokenAsync(e)));
        var evaluatorIds = await Task.WhenAll(evaluatorEmails.Select(e =>
            cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"AspNetUsers\" WHERE \"Email\" = @e", ("e", e))));
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var org1Id = await cluster.ScalarAsync<Guid>("SELECT \"OrganizationId\" FROM \"AspNetUsers\" WHERE \"Email\" = 'org1@demo.local'");
        await using var feed = await HubClient.ConnectAsync(Api.BaseAddress, province);
        await using var winnersPage = await HubClient.ConnectAsync(Api.BaseAddress, org1);

        // Warm the command path on both Silos with a command that changes nothing (approving an approved organization),
        // so the few seconds before the deadline are not spent on first calls.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            Api.Expect(await Api.PostAsync($"/api/v1/organizations/{org1Id}/approve", province), "approve again", 409)));

        // Draft and publish with a deadline a few seconds ahead, then two organizations bid before it.
        var closesAt = DateTimeOffset.UtcNow.AddSeconds(20);
        var draft = Bodies.Project(unionId, closesAt, $"集成测试 职工心理援助 {Guid.NewGuid():N}");
        var projectId = Api.Expect(await Api.PostAsync("/api/v1/projects", province, draft), "create draft", 201).Id;
        Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/publish", province), "publish", 204);
        var top = Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/bids", org1, Bodies.Bid(draft, 180_000_00, "方案一")), "bid org1", 201).Id;
        var other = Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/bids", org2, Bodies.Bid(draft, 150_000_00, "方案二")), "bid org2", 201).Id;
        Assert.True(DateTimeOffset.UtcNow < closesAt, "the bids must arrive before the deadline; raise the head start if this machine is slow");

        // The publication's delayed job (on the shared PostgreSQL job storage) closes bidding at the deadline.
        var project = await Cluster.Until(() => Project(projectId, province), p => p.GetProperty("status").GetString() != "Published", TimeSpan.FromSeconds(45));
        Assert.Equal("BiddingClosed", project.GetProperty("status").GetString());
        var closedAt = await cluster.ScalarAsync<DateTime>("SELECT \"ClosedAt\" FROM \"Projects\" WHERE \"Id\" = @id", ("id", projectId));
        var lag = new DateTimeOffset(closedAt, TimeSpan.Zero) - closesAt;
        Assert.True(lag >= TimeSpan.Zero, $"closed {lag.TotalSeconds:0.0} s before the deadline");
        Assert.True(lag < TimeSpan.FromSeconds(20), $"closed {lag.TotalSeconds:0.0} s after the deadline: not by the deadline job");

        // Exactly once, whichever Silo fired it: one BiddingClosed in the audit trail, one run that closed it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var closes = await cluster.ScalarAsync<long>(
            "SELECT count(*) FROM \"AuditTrail\" WHERE \"AggregateId\" = @id AND \"Action\" = 'BiddingClosed'", ("id", projectId));
        Assert.Equal(1, closes);
        var runs = await cluster.QueryAsync("SELECT \"JobName\", \"Node\", \"Summary\" FROM \"JobRuns\" WHERE \"JobName\" = 'close-project-bidding' AND \"Summary\" = @s",
            r => $"{r.GetString(0)} on {r.GetString(1)}: {r.GetString(2)}", ("s", "project-closed|" + draft["title"]!.GetValue<string>()));
        Assert.Single(runs);

        // Evaluation opens when evaluators are assigned after the close; both score both bids, then the award makes the contract.
        Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/evaluators", province, new { evaluatorIds }), "assign evaluators", 204);
        Assert.Equal("Evaluating", (await Project(projectId, province)).GetProperty("status").GetString());
        for (var i = 0; i < evaluators.Length; i++)
        {
            Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/bids/{top}/scores", evaluators[i], Bodies.Scores([90, 85, 80 + i], true)), $"score top by {i}", 204);
            Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/bids/{other}/scores", evaluators[i], Bodies.Scores([70, 75, 60 + i], false)), $"score other by {i}", 204);
        }
        var ranking = Api.Expect(await Api.GetAsync($"/api/v1/projects/{projectId}/ranking", province), "ranking", 200).Json;
        Assert.Equal(top, ranking.GetProperty("rows")[0].GetProperty("bidId").GetGuid());

        // The province publishes no award publicity (its own rule): the award signs the contract at once. (The publicity's
        // conclusion, exactly once across two silos racing on one database, is the Silo suite's: it needs a moved clock.)
        Api.Expect(await Api.PutAsync($"/api/v1/unions/{unionId}/settings", province, new { awardPublicityWorkingDays = 0 }), "no award publicity", 204);
        var contractId = Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/award", province, new { bidId = top }), "award", 201).Id;
        var contract = Api.Expect(await Api.GetAsync($"/api/v1/contracts/{contractId}", province), "GET contract", 200).Json;
        Assert.Equal(projectId, contract.GetProperty("projectId").GetGuid());
        Assert.Equal(org1Id, contract.GetProperty("organizationId").GetGuid());
        Assert.Equal(180_000_00, contract.GetProperty("amountFen").GetInt64());
        Assert.Equal("Active", contract.GetProperty("status").GetString());
        Assert.Equal(2, contract.GetProperty("milestones").GetArrayLength());
        Api.Expect(await Api.GetAsync($"/api/v1/contracts/{contractId}", org1), "GET contract as the winner", 200);

        // Notices travel silo → bus → Web: the winner is told of its contract (its open page hears of it live), the other bidder of the result.
        await Cluster.Until(() => Notices(org1), n => n.Contains(("contract-signed", $"/contracts/{contractId}")), TimeSpan.FromSeconds(15));
        await Cluster.Until(() => Notices(org2), n => n.Contains(("award-result", $"/projects/{projectId}")), TimeSpan.FromSeconds(15));
        await Cluster.Until(() => Task.FromResult(winnersPage.NoticeSignals), n => n > 0, TimeSpan.FromSeconds(15));

        // The audit trail is intact and in order; the public feed saw the project's public events.
        var audit = Api.Expect(await Api.GetAsync($"/api/v1/projects/{projectId}/audit", province), "audit", 200).Json;
        Assert.Equal(JsonValueKind.Null, audit.GetProperty("firstBroken").ValueKind);
        Assert.Equal(["ProjectDrafted", "ProjectPublished", "BidSubmitted", "BidSubmitted", "BiddingClosed", "EvaluatorsAssigned"],
            audit.GetProperty("entries").EnumerateArray().Take(6).Select(e => e.GetProperty("action").GetString()));
        foreach (var kind in new[] { "ProjectPublished", "BiddingClosed", "ContractAwarded" })
            Assert.True(await feed.WaitForAsync(e => e.GetProperty("kind").GetString() == kind && Data(e, "projectId") == projectId, TimeSpan.FromSeconds(15)) is not null,
                $"live feed: no {kind} for the project; got {string.Join(", ", feed.Events.Select(e => e.GetProperty("kind").GetString()))}");

        Report.Figures("Lifecycle (1 Web + 2 Silos)",
            ("deadline → closed", $"{lag.TotalSeconds:0.00} s"),
            ("BiddingClosed entries", closes),
            ("close run", runs[0]),
            ("contract", contractId));
    });

    [Fact]
    public Task A_workers_need_is_decided_supported_live_and_counted_and_a_beneficiary_answers_across_the_cluster() => cluster.RunAsync(async () =>
    {
        // A worker signs up with a mobile number (no e-mail) and signs in with it.
        var phone = $"13{Random.Shared.Next(100_000_000, 999_999_999)}";
        var xiangfang = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '哈尔滨市香坊区总工会'");
        Api.Expect(await Api.PostAsync("/api/v1/workers", null, new { account = phone, password = Api.DemoPassword, unionId = xiangfang, groups = new[] { "女职工" } }), "sign up", 201);
        var worker = await Api.TokenAsync(phone);
        var city = await Api.TokenAsync("city@demo.local");
        var supporter = await Api.TokenAsync("worker1@demo.local");
        await using var feed = await HubClient.ConnectAsync(Api.BaseAddress, null);

        var need = new { category = "托管服务", title = $"集成测试 暑期托管 {Guid.NewGuid():N}"[..30], text = "夜班时孩子没人照看。", forWhom = "夜班女职工的孩子", people = 30, groups = new[] { "女职工" } };
        var needId = Api.Expect(await Api.PostAsync("/api/v1/needs", worker, need), "post need", 201).Id;
        Api.Expect(await Api.GetAsync($"/api/v1/needs/{needId}"), "anonymous before acceptance", 404);
        Api.Expect(await Api.PostAsync($"/api/v1/needs/{needId}/accept", city), "accept", 204);
        Api.Expect(await Api.PostAsync($"/api/v1/needs/{needId}/support", supporter, new { comment = "我也需要" }), "support", 204);
        Api.Expect(await Api.PostAsync($"/api/v1/needs/{needId}/support", supporter, new { }), "support twice", 409);

        // The support count reaches open pages (silo → broker → Web), the worker hears of the acceptance, and the public lists and counts it.
        Assert.True(await feed.WaitForAsync(e => e.GetProperty("kind").GetString() == "NeedSupported" && Data(e, "needId") == needId, TimeSpan.FromSeconds(15)) is not null,
            "live feed: no NeedSupported");
        await Cluster.Until(() => Notices(worker), n => n.Contains(("need-decided", $"/needs/{needId}")), TimeSpan.FromSeconds(15));
        var board = Api.Expect(await Api.GetAsync($"/api/v1/needs?unionId={xiangfang}&group=女职工&pageSize=100"), "board", 200).Json;
        Assert.Contains(board.GetProperty("items").EnumerateArray(), n => n.GetProperty("id").GetGuid() == needId && n.GetProperty("supports").GetInt32() == 1);
        Assert.True(Api.Expect(await Api.GetAsync("/api/v1/needs/figures"), "figures", 200).Json.GetProperty("total").GetInt32() > 0);
        Assert.True(Api.Expect(await Api.GetAsync("/api/v1/stats"), "stats", 200).Json.GetProperty("needs").GetProperty("accepted").GetInt32() > 0);

        // The union drafts a project from the need and publishes it: the supporter hears of it.
        var harbin = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '哈尔滨市总工会'");
        var projectId = Api.Expect(await Api.PostAsync("/api/v1/projects", city, Bodies.Project(harbin, DateTimeOffset.UtcNow.AddDays(20), $"集成测试 需求立项 {Guid.NewGuid():N}")),
            "draft from the need", 201).Id;
        Api.Expect(await Api.PostAsync($"/api/v1/needs/{needId}/project", city, new { projectId }), "link", 204);
        Api.Expect(await Api.PostAsync($"/api/v1/projects/{projectId}/publish", city), "publish", 204);
        // Two notices on the need: that a project takes it up, and that the project is published.
        await Cluster.Until(() => Notices(supporter), n => n.Count(x => x == ("need-progress", $"/needs/{needId}")) == 2, TimeSpan.FromSeconds(15));

        // A beneficiary answers a running contract's form without signing in; its union reads the figure.
        var contractId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Contracts\" WHERE \"Status\" = 1 AND \"Title\" LIKE '%大庆%' LIMIT 1");
        var province = await Api.TokenAsync("province@demo.local");
        int Answers(JsonElement f) => f.GetProperty("quarters").EnumerateArray().Sum(q => q.GetProperty("count").GetInt32());
        var before = Answers(Api.Expect(await Api.GetAsync($"/api/v1/contracts/{contractId}/feedback", province), "figures before", 200).Json);
        Api.Expect(await Api.PostAsync($"/api/v1/contracts/{contractId}/feedback", null, new { satisfaction = 5, wouldRecommend = true, improve = "希望周末也开展" }), "answer", 204);
        Assert.Equal(before + 1, Answers(Api.Expect(await Api.GetAsync($"/api/v1/contracts/{contractId}/feedback", province), "figures after", 200).Json));

        Report.Figures("Needs and feedback across the cluster (1 Web + 2 Silos, PostgreSQL)",
            ("need", needId), ("contract answered", contractId));
    });

    private async Task<List<(string Kind, string Link)>> Notices(string token) =>
        [.. Api.Expect(await Api.GetAsync("/api/v1/notifications", token), "notifications", 200).Json.EnumerateArray()
            .Select(n => (n.GetProperty("kind").GetString()!, n.GetProperty("link").GetString()!))];

    [Fact]
    public Task One_command_logs_the_same_trace_id_in_the_web_in_the_silo_that_carried_it_out_and_in_its_event_consumer() => cluster.RunAsync(async () =>
    {
        var province = await Api.TokenAsync("province@demo.local");
        var unionId = await cluster.ScalarAsync<Guid>("SELECT \"Id\" FROM \"Unions\" WHERE \"Name\" = '黑龙江省总工会'");
        var draft = Bodies.Project(unionId, DateTimeOffset.UtcNow.AddDays(20), $"集成测试 关联标识 {Guid.NewGuid():N}");

        var created = Api.Expect(await Api.PostAsync("/api/v1/projects", province, draft), "create draft", 201);
        var traceId = created.CorrelationId;
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        // Each process writes its line when its part is done; the Web answers last, but give the log writers a moment.
        var web = await Cluster.Until(() => Task.FromResult(LogLines(cluster.Web, traceId!)), l => l.Count > 0, TimeSpan.FromSeconds(10));
        var silos = await Cluster.Until(() => Task.FromResult(cluster.Silos.SelectMany(s => LogLines(s, traceId!).Select(l => (Silo: s.Name, Line: l))).ToList()),
            l => l.Count > 0, TimeSpan.FromSeconds(10));

        Assert.Contains(web, l => l.Category == "Procurement.Web.Hosting.GrainCommands" && l.Message.Contains("Command CreateDraft", StringComparison.Ordinal));
        Assert.Contains(silos, l => l.Line.Category == "Procurement.Silo.Hosting.GrainCallLog"
            && l.Line.Message.Contains(".CreateDraft", StringComparison.Ordinal) && l.Line.Message.Contains("done", StringComparison.Ordinal));

        // Publishing raises ProjectPublished, which the outbox sends after the commit: its consumer logs the same id.
        var publish = Api.Expect(await Api.PostAsync($"/api/v1/projects/{created.Id}/publish", province), "publish", 204);
        var publishTrace = publish.CorrelationId!;
        Assert.NotEqual(traceId, publishTrace);
        var projected = await Cluster.Until(() => Task.FromResult(cluster.Silos.SelectMany(s => LogLines(s, publishTrace).Select(l => (Silo: s.Name, Line: l))).ToList()),
            l => l.Any(x => x.Line.Category == "Procurement.Silo.Consumers.ActivityProjection"), TimeSpan.FromSeconds(15));
        Assert.Contains(projected, l => l.Line.Category == "Procurement.Silo.Consumers.ActivityProjection" && l.Line.Message.Contains("ProjectPublished", StringComparison.Ordinal));

        Report.Figures("Correlation id across processes (one CreateProject, one PublishProject)",
            ("X-Correlation-Id of CreateProject", traceId!),
            ("web lines with it", string.Join(" | ", web.Select(l => l.Message))),
            ("silo lines with it", string.Join(" | ", silos.Select(l => $"{l.Silo}: {l.Line.Message}"))),
            ("X-Correlation-Id of PublishProject", publishTrace),
            ("silo lines with it", string.Join(" | ", projected.Select(l => $"{l.Silo}: {l.Line.Message}"))));
    });

    [Fact]
    public Task Each_occurrence_of_a_recurring_job_runs_once_across_both_silos() => cluster.RunAsync(async () =>
    {
        const string Runs = "SELECT \"StartedAt\", \"Node\" FROM \"JobRuns\" WHERE \"JobName\" = 'outbox-cleanup' ORDER BY \"StartedAt\"";
        var runs = await Cluster.Until(() => cluster.QueryAsync(Runs, r => (At: r.GetFieldValue<DateTimeOffset>(0), Node: r.GetString(1))),
            r => r.Count >= 3, TimeSpan.FromSeconds(200));
        // An occurrence run by both Silos would show as two runs in the same minute; occurrences are a minute apart. (The
        // first run may come sooner after the start: the suite's schedule replaces the template database's, and Hangfire
        // runs once at once an occurrence the new schedule says was missed.)
        var gaps = runs.Zip(runs.Skip(1), (a, b) => b.At - a.At).ToList();
        var perMinute = runs.GroupBy(r => r.At.UtcTicks / TimeSpan.TicksPerMinute).Select(g => g.Count()).ToList();
        Report.Figures("A recurring job every minute on 2 Silos",
            ("runs", runs.Count),
            ("shortest / longest gap between runs", $"{gaps.Min().TotalSeconds:0.0} s / {gaps.Max().TotalSeconds:0.0} s"),
            ("servers that ran them", string.Join(", ", runs.Select(r => r.Node).Distinct())));
        Assert.All(perMinute, n => Assert.True(n == 1, $"{n} runs in one minute: one occurrence ran more than once ({string.Join(", ", runs.Select(r => r.At.ToString("HH:mm:ss.fff")))})"));
    });

    [Fact]
    public Task Every_process_reports_database_broker_and_scheduler_healthy() => cluster.RunAsync(async () =>
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var process in cluster.Silos.Append(cluster.Web))
        {
            var body = await http.GetStringAsync(new Uri(process.BaseAddress, "/health"));
            var health = JsonDocument.Parse(body).RootElement;
            Assert.True(health.GetProperty("status").GetString() == "Healthy", $"{process.Name}: {body}");
            var checks = health.GetProperty("checks");
            foreach (var check in new[] { "database", "masstransit-bus", "scheduler" })
                Assert.True(checks.TryGetProperty(check, out var c) && c.GetProperty("status").GetString() == "Healthy", $"{process.Name} {check}: {body}");
            if (process == cluster.Web)
                Assert.Contains("2 job server(s) alive", checks.GetProperty("scheduler").GetProperty("description").GetString());
            Report.Line($"{process.Name} /health: {body}");
        }
    });

    private sealed record LogLine(string Category, string Message);

    /// <summary>The JSON log lines of a process whose scopes carry <paramref name="traceId"/> (structured, not a text match).</summary>
    private static List<LogLine> LogLines(AppProcess process, string traceId)
    {
        var found = new List<LogLine>();
        using var stream = new FileStream(process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.Contains(traceId, StringComparison.Ordinal)) continue;
            var json = JsonDocument.Parse(line).RootElement;
            if (json.TryGetProperty("Scopes", out var scopes) && scopes.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.Object
                    && s.TryGetProperty("TraceId", out var t) && t.GetString() == traceId))
                found.Add(new LogLine(json.GetProperty("Category").GetString()!, json.GetProperty("Message").GetString()!));
        }
        return found;
    }

    private async Task<JsonElement> Project(Guid id, string token) =>
        Api.Expect(await Api.GetAsync($"/api/v1/projects/{id}", token), "GET project", 200).Json;

    private static Guid? Data(JsonElement e, string name) =>
        e.GetProperty("data").TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetGuid() : null;
}
