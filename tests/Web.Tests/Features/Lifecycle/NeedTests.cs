using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Tests.Support;
using Procurement.Web.Features;
using Procurement.Web.Features.Needs;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// 职工点菜 over HTTP: a worker signs up with a mobile number, posts a need only its unions see, the union accepts it,
/// other workers say "我也需要" (once each, live), the union drafts a project from it and its followers hear of the project.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class NeedTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    private static JsonObject NeedBody(string title = "夜班女职工子女暑期托管") => new()
    {
        ["category"] = "托管服务", ["title"] = title, ["text"] = "夜班时孩子没人照看，希望社区有暑期托管。", ["forWhom"] = "园区夜班女职工的孩子",
        ["people"] = 40, ["groups"] = new JsonArray("女职工", "职工子女"),
    };

    /// <summary>A new worker of the named union, signed up through the API with a mobile number; returns a signed-in client.</summary>
    private async Task<(HttpClient Client, string Phone)> WorkerAsync(string union = "哈尔滨市香坊区总工会")
    {
        var phone = $"13{Random.Shared.Next(100_000_000, 999_999_999)}";
        using var anonymous = life.Anonymous();
        var signUp = await anonymous.PostAsJsonAsync("/api/v1/workers", new
        {
            account = $"+86 {phone[..3]} {phone[3..7]} {phone[7..]}", password = PortalHost.Password, unionId = await life.UnionId(union), groups = new[] { "女职工" },
        });
        Assert.True(signUp.StatusCode == HttpStatusCode.Created, await signUp.Content.ReadAsStringAsync());
        var client = life.Anonymous();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await portal.TokenFor(phone));
        return (client, phone);
    }

    private static async Task<Guid> PostAsync(HttpClient worker, JsonObject? body = null)
    {
        var response = await worker.PostAsync("/api/v1/needs", Json.Body(body ?? NeedBody()));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task A_worker_signs_up_with_a_mobile_number_and_its_need_is_seen_only_by_its_unions_until_accepted()
    {
        var (worker, _) = await WorkerAsync();
        var id = await PostAsync(worker, NeedBody("<script>alert(1)</script>暑期托管") .Also(b => b["text"] = "请联系 13812345678 或 0451-86201234"));
        using var anonymous = life.Anonymous();
        using var city = await life.As(Who.City);
        using var lanzhou = await life.As(Who.Lanzhou);
        using var other = await life.As("worker3@demo.local");

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/needs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lanzhou.GetAsync($"/api/v1/needs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/needs/{id}")).StatusCode);
        var own = await worker.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{id}");
        Assert.Equal(("alert(1)暑期托管", "请联系 138****5678 或 ********1234", "Submitted"),
            (own.GetProperty("title").GetString(), own.GetProperty("text").GetString(), own.GetProperty("status").GetString()));
        Assert.Contains(id.ToString(), await city.GetStringAsync("/api/v1/needs/pending?page=1"));
        (await lanzhou.PostAsync($"/api/v1/needs/{id}/accept", null)).Dispose();
        Assert.Equal("Submitted", (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{id}")).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await city.PostAsync($"/api/v1/needs/{id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/needs/{id}")).StatusCode);
        Assert.Contains(id.ToString(), await anonymous.GetStringAsync($"/api/v1/needs?unionId={await life.UnionId("哈尔滨市香坊区总工会")}&category=托管服务&pageSize=100"));
        Assert.Equal("need-decided", await Eventually.Get(() => portal.Query(db => db.Notifications
            .Where(n => n.Link == $"/needs/{id}" && n.Kind == "need-decided").Select(n => n.Kind).FirstOrDefaultAsync()), k => k is not null));
    }

    [Fact]
    public async Task Sign_up_refuses_a_malformed_or_taken_account_a_weak_password_and_an_unknown_union_beside_each_field_and_creates_nothing()
    {
        using var anonymous = life.Anonymous();
        var before = await portal.Query(db => db.WorkerProfiles.CountAsync());
        var bad = await anonymous.PostAsJsonAsync("/api/v1/workers", new { account = "12345", password = "short", unionId = Guid.NewGuid(), groups = new[] { "外星人" } });
        await bad.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "account", "password", "unionId", "groups");
        var taken = await anonymous.PostAsJsonAsync("/api/v1/workers", new { account = "worker1@demo.local", password = PortalHost.Password, unionId = await life.Harbin(), groups = Array.Empty<string>() });
        Assert.Equal("该手机号或邮箱已注册，请直接登录", (await taken.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "account"))
            .GetProperty("errors").GetProperty("account")[0].GetString());
        // An address Identity cannot take as a sign-in name is said to be malformed, not taken.
        var foreign = await anonymous.PostAsJsonAsync("/api/v1/workers", new { account = "职工@例子.中国", password = PortalHost.Password, unionId = await life.Harbin() });
        Assert.Equal("请填写 11 位手机号或有效的电子邮箱", (await foreign.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "account"))
            .GetProperty("errors").GetProperty("account")[0].GetString());
        Assert.Equal(before, await portal.Query(db => db.WorkerProfiles.CountAsync()));
    }

    [Fact]
    public async Task The_same_account_signed_up_five_times_at_once_is_created_once_and_the_others_are_told_it_is_taken()
    {
        var email = $"worker-{Guid.NewGuid():N}@test.local";
        var union = await life.Harbin();
        var answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var anonymous = life.Anonymous();
            var answer = await anonymous.PostAsJsonAsync("/api/v1/workers", new { account = email, password = PortalHost.Password, unionId = union });
            return (answer.StatusCode, Body: await answer.Content.ReadAsStringAsync());
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Created);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, a.StatusCode);
            Assert.Contains("该手机号或邮箱已注册", a.Body);
        });
        Assert.Equal(1, await portal.Query(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));

        // Below the checks, the database keeps one account per address, whatever the sign-in name.
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var name = $"other-{Guid.NewGuid():N}";
        db.Users.Add(new() { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(), DisplayName = "x" });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Workers_support_once_each_live_and_hear_when_the_union_publishes_the_project_drafted_from_the_need()
    {
        var (poster, _) = await WorkerAsync();
        var (first, _) = await WorkerAsync("兰州市七里河区总工会");
        var (second, _) = await WorkerAsync();
        var id = await PostAsync(poster);
        using var city = await life.As(Who.City);
        Assert.Equal(HttpStatusCode.NoContent, (await city.PostAsync($"/api/v1/needs/{id}/accept", null)).StatusCode);
        await using var watcher = await HubClient.ConnectAsync(portal.BaseAddress, null);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync($"/api/v1/needs/{id}/support", Json.Body(new JsonObject { ["comment"] = "我家也是，电话13900001111" }))).StatusCode);
        await (await first.PostAsync($"/api/v1/needs/{id}/support", Json.Body(new JsonObject()))).AssertProblem(HttpStatusCode.Conflict, "need.already_supported");
        await (await poster.PostAsync($"/api/v1/needs/{id}/support", Json.Body(new JsonObject()))).AssertProblem(HttpStatusCode.Conflict, "need.own");
        Assert.Equal(HttpStatusCode.NoContent, (await second.PostAsync($"/api/v1/needs/{id}/support", Json.Body(new JsonObject()))).StatusCode);
        Assert.Equal(2, (await poster.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{id}")).GetProperty("supports").GetInt32());
        await Eventually.Get(() => Task.FromResult(watcher.Events.Count(e => e.GetProperty("kind").GetString() == "NeedSupported"
            && e.GetProperty("data").GetProperty("needId").GetGuid() == id)), n => n == 2);
        Assert.Contains("139****1111", await life.Anonymous().GetStringAsync($"/api/v1/needs/{id}/comments"));

        // The union drafts a project from the need: its text and count carried over, the link kept.
        var carried = await city.GetFromJsonAsync<JsonElement>($"/api/v1/needs/project-draft?ids={id}");
        Assert.Contains("夜班时孩子没人照看", carried.GetProperty("description").GetString());
        Assert.Equal(40, carried.GetProperty("targetBeneficiaries").GetInt32());
        var draft = Bodies.Project(await life.Harbin(), DateTimeOffset.UtcNow.AddDays(20), title: "夜班女职工子女暑期托管服务");
        var projectId = await life.CreateDraft(city, draft);
        Assert.Equal(HttpStatusCode.NoContent, (await city.PostAsync($"/api/v1/needs/{id}/project", Json.Body(new JsonObject { ["projectId"] = projectId }))).StatusCode);
        Assert.Equal("Planned", (await poster.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{id}")).GetProperty("status").GetString());
        // The draft is its union's own until published: others hear that the need is planned, not which project took it.
        var linked = await Eventually.Get(() => Task.FromResult(watcher.Events.FirstOrDefault(e => e.GetProperty("kind").GetString() == "NeedLinkedToProject"
            && e.GetProperty("data").GetProperty("needId").GetGuid() == id)), e => e.ValueKind != JsonValueKind.Undefined);
        Assert.Equal(Guid.Empty, linked.GetProperty("data").GetProperty("projectId").GetGuid());
        async Task<JsonElement> ListedProjectAsync() => (await poster.GetFromJsonAsync<JsonElement>("/api/v1/needs/mine")).GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("id").GetGuid() == id).GetProperty("projectId");
        Assert.Equal(JsonValueKind.Null, (await ListedProjectAsync()).ValueKind);
        await life.Publish(city, projectId);
        Assert.Equal(projectId, (await ListedProjectAsync()).GetGuid());

        var followers = await portal.Query(db => db.NeedSupports.Where(s => s.NeedId == id).Select(s => s.UserId)
            .Concat(db.Needs.Where(n => n.Id == id).Select(n => n.AuthorId)).ToListAsync());
        await Eventually.Get(() => portal.Query(db => db.Notifications.Where(n => followers.Contains(n.UserId) && n.Kind == "need-progress"
            && n.Title.Contains("项目已发布招标")).Select(n => n.UserId).Distinct().CountAsync()), n => n == 3);
    }

    [Fact]
    public async Task Drafts_made_at_once_from_one_need_link_it_to_one_and_the_others_say_it_was_not_linked()
    {
        var (worker, _) = await WorkerAsync();
        var id = await PostAsync(worker, NeedBody($"同时立项 {Guid.NewGuid():N}"));
        using (var city = await life.As(Who.City))
            Assert.Equal(HttpStatusCode.NoContent, (await city.PostAsync($"/api/v1/needs/{id}/accept", null)).StatusCode);
        var harbin = (await life.Harbin()).ToString();

        var drafts = await Task.WhenAll(Enumerable.Range(0, 3).Select(async i =>
        {
            using var browser = new PageClient(portal.BaseAddress);
            await browser.SignInAsync(Who.City);
            var answer = await browser.PostFormAsync("/projects/new", new()
            {
                ["Input.RequestId"] = Guid.NewGuid().ToString(), ["Input.NeedIds"] = id.ToString(), ["Input.UnionId"] = harbin,
                ["Input.Title"] = $"托管服务 {i}", ["Input.Category"] = "托管服务", ["Input.TargetGroups"] = "女职工", ["Input.ServiceRegions"] = "香坊区",
                ["Input.Budget"] = "100000", ["Input.ProvincialFunding"] = "100000", ["Input.LocalFunding"] = "0", ["Input.OtherFunding"] = "0",
                ["Input.Criteria[0].Name"] = "服务方案", ["Input.Criteria[0].Weight"] = "100",
                ["Input.BidOpensAt"] = "2027-03-01T09:00:00", ["Input.BidClosesAt"] = "2027-03-20T17:00:00", ["Input.ServiceStart"] = "2027-04-01", ["Input.ServiceEnd"] = "2027-08-31",
            }, formPage: $"/projects/new?needs={id}");
            if (answer.StatusCode != HttpStatusCode.Redirect)
            {
                // Refused before any draft exists: the need is taken, said beside the form.
                Assert.Contains("这条需求已经立项", await answer.Content.ReadAsStringAsync());
                return ((Guid?)null, "");
            }
            var location = answer.Headers.Location!.ToString();
            return (Guid.Parse(location[(location.LastIndexOf('/') + 1)..]), await (await browser.GetAsync(location)).Content.ReadAsStringAsync());
        }));

        var linked = await portal.Query(db => db.Needs.Where(n => n.Id == id).Select(n => n.ProjectId).FirstAsync());
        Assert.Contains(drafts, d => d.Item1 == linked);
        // Every other draft made stands, and its page names the need it could not take up.
        foreach (var (project, page) in drafts.Where(d => d.Item1 is not null && d.Item1 != linked))
            Assert.Contains("以下职工需求未能关联到本项目", page);
    }

    [Fact]
    public async Task A_worker_posting_too_often_is_refused_with_429_and_nothing_more_is_stored()
    {
        var (worker, phone) = await WorkerAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
            statuses.Add((await worker.PostAsync("/api/v1/needs", Json.Body(NeedBody($"需求 {i}")))).StatusCode);
        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Created, 10), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(10, await portal.Query(db => db.Needs.CountAsync(n => db.Users.Any(u => u.UserName == phone && u.Id == n.AuthorId))));
    }

    [Fact]
    public async Task Bad_decisions_and_malformed_bodies_are_refused_beside_their_field_and_change_nothing()
    {
        var (worker, _) = await WorkerAsync();
        var id = await PostAsync(worker);
        using var city = await life.As(Who.City);
        await (await city.PostAsync($"/api/v1/needs/{id}/merge", Json.Body(new JsonObject()))).AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "targetId");
        await (await city.PostAsync($"/api/v1/needs/{id}/project", Json.Body(new JsonObject()))).AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "projectId");
        await (await city.PostAsync($"/api/v1/needs/{id}/decline", Json.Body(new JsonObject { ["reason"] = "<b></b>" }))).AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "reason");
        await (await city.PostAsync($"/api/v1/needs/{id}/merge", Json.Body(new JsonObject { ["targetId"] = Guid.NewGuid() }))).AssertProblem(HttpStatusCode.UnprocessableEntity, "need.merge_target", "targetId");
        Assert.Equal(HttpStatusCode.BadRequest, (await city.PostAsync($"/api/v1/needs/{id}/answer", Json.Raw("{\"status\":\"Whatever\"}"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.PostAsync("/api/v1/needs", Json.Raw("{\"people\":\"many\"}"))).StatusCode);
        await (await city.GetAsync("/api/v1/needs/project-draft?ids=not-an-id")).AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "needIds");
        Assert.Equal("Submitted", (await worker.GetFromJsonAsync<JsonElement>($"/api/v1/needs/{id}")).GetProperty("status").GetString());

        // A flood of unclosed brackets is refused for its length before any cleaning runs on it.
        var open = await portal.Query(db => db.Needs.Where(n => n.Status == NeedStatus.Accepted).Select(n => n.Id).FirstAsync());
        await (await worker.PostAsync($"/api/v1/needs/{open}/support", Json.Body(new JsonObject { ["comment"] = new string('<', 100_000) })))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "comment");
        Assert.False(await portal.Query(db => db.NeedSupports.AnyAsync(s => s.NeedId == open && s.Comment!.Contains("<<"))));
    }

    [Fact]
    public async Task Made_up_board_filters_match_nothing_and_are_never_cached()
    {
        var cache = portal.Services.GetRequiredService<AggregateCache>();
        using var anonymous = life.Anonymous();
        await anonymous.GetStringAsync("/api/v1/needs/figures?category=托管服务");
        var held = cache.Count;
        for (var i = 0; i < 5; i++)
        {
            var figures = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/needs/figures?category=编造{i}&group=女职工");
            Assert.Equal(0, figures.GetProperty("total").GetInt32());
            var list = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/needs?unionId={Guid.NewGuid()}&group=女职工");
            Assert.Equal(0, list.GetProperty("items").GetArrayLength());
        }
        Assert.Equal(held, cache.Count);
    }

    [Fact]
    public async Task Board_figures_are_computed_to_the_end_for_the_requests_waiting_on_them_when_the_asking_request_leaves()
    {
        var cache = portal.Services.GetRequiredService<AggregateCache>();
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        cache.Changed();
        var gone = new CancellationToken(canceled: true);

        var figures = await Needs.FiguresAsync(db, cache, new NeedFilter(null, "托管服务", null, null, null), gone);
        Assert.Equal(await portal.Query(db => db.Needs.CountAsync(n => n.Category == "托管服务"
            && (n.Status == NeedStatus.Accepted || n.Status == NeedStatus.Planned || n.Status == NeedStatus.InProgress || n.Status == NeedStatus.NotFeasible))), figures.Total);
    }

    public static TheoryData<string, string, string[]> Refusals => new()
    {
        // Changes refused to everyone but a worker (posting, supporting) or a union admin (deciding, answering, linking).
        { "POST", "/api/v1/needs", [Who.City, Who.Org1, "evaluator1@demo.local", Who.Admin] },
        { "POST", "/api/v1/needs/{id}/support", [Who.City, Who.Org1, "evaluator1@demo.local"] },
        { "POST", "/api/v1/needs/{id}/accept", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "POST", "/api/v1/needs/{id}/decline", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "POST", "/api/v1/needs/{id}/merge", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "POST", "/api/v1/needs/{id}/answer", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "POST", "/api/v1/needs/{id}/project", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "GET", "/api/v1/needs/pending", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "GET", "/api/v1/needs/project-draft?ids={id}", ["worker1@demo.local", Who.Org1, "evaluator1@demo.local"] },
        { "GET", "/api/v1/needs/mine", [Who.City, Who.Org1, "evaluator1@demo.local"] },
        { "GET", "/api/v1/workers/me", [Who.City, Who.Org1, "evaluator1@demo.local"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Every_needs_endpoint_refuses_anonymous_callers_with_401_and_the_wrong_roles_with_403(string method, string path, string[] refused)
    {
        var id = await portal.Query(db => db.Needs.Where(n => n.Status == NeedStatus.Accepted).Select(n => n.Id).FirstAsync());
        var url = path.Replace("{id}", id.ToString());
        HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = method == "POST" ? Json.Body(new JsonObject()) : null };
        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Request())).StatusCode);
        foreach (var email in refused)
        {
            using var client = await life.As(email);
            var response = await client.SendAsync(Request());
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email} {method} {url} → {(int)response.StatusCode}");
        }
        Assert.Equal(id, await portal.Query(db => db.Needs.Where(n => n.Id == id && n.Status == NeedStatus.Accepted).Select(n => n.Id).FirstAsync()));
    }
}

internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject o, Action<JsonObject> change)
    {
        change(o);
        return o;
    }
}
