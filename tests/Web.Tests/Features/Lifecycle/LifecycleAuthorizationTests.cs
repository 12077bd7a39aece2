using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// Projects the authorization tests aim at: a Heilongjiang draft, and a Heilongjiang project under evaluation with one
/// bid by org1 and evaluator 1 assigned (waited for once per class, since its deadline has to pass).
/// </summary>
public sealed class EvaluatingProject(LifecyclePortal portal) : IAsyncLifetime
{
    public Guid DraftId { get; private set; }
    public Guid ProjectId { get; private set; }
    public Guid BidId { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var life = new Lifecycle(portal);
        using var province = await life.As(Who.Province);
        DraftId = await life.CreateDraft(province, Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(7)));
        var evaluators = await life.EvaluatorIds(1);
        (ProjectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            BidId = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
            await life.AssignEvaluators(id, evaluators);
        });
        Assert.Equal("Evaluating", await life.ClosedByTheScheduler(ProjectId));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Every lifecycle endpoint, tried by every identity that must be refused, and what the refusal reveals.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class LifecycleAuthorizationTests(LifecyclePortal portal, EvaluatingProject target) : IClassFixture<EvaluatingProject>
{
    private readonly Lifecycle life = new(portal);

    private static readonly (string Method, string Path, string[] Refused)[] Endpoints =
    [
        ("POST", "/api/v1/projects", [Who.Org1, Who.Evaluators[0]]),
        ("POST", "/api/v1/projects/{project}/publish", [Who.Org1, Who.Evaluators[0]]),
        ("POST", "/api/v1/projects/{project}/bids", [Who.Province, Who.City, Who.Evaluators[0], Who.Admin]),
        ("DELETE", "/api/v1/projects/{project}/bids/{bid}", [Who.Province, Who.Evaluators[0], Who.Admin]),
        ("POST", "/api/v1/projects/{project}/evaluators", [Who.Org1, Who.Evaluators[0]]),
        ("POST", "/api/v1/projects/{project}/declaration", [Who.Province, Who.Org1]),
        ("POST", "/api/v1/projects/{project}/bids/{bid}/scores", [Who.Province, Who.Org1, Who.Org2]),
        ("GET", "/api/v1/projects/{project}/ranking", [Who.Org1, Who.Evaluators[0]]),
        ("POST", "/api/v1/projects/{project}/award", [Who.Org1, Who.Evaluators[0]]),
        ("GET", "/api/v1/projects/{project}/audit", [Who.Org1, Who.Evaluators[0]]),
        ("GET", "/api/v1/projects/{project}/objections", []),
        ("POST", "/api/v1/projects/{project}/objections", [Who.Province, Who.City, Who.Evaluators[0], Who.Admin]),
        ("POST", "/api/v1/projects/{project}/objections/{objection}/answer", [Who.Org1, Who.Evaluators[0], Who.Admin]),
        ("GET", "/api/v1/unions/{union}/settings", [Who.Org1, Who.Evaluators[0]]),
        ("PUT", "/api/v1/unions/{union}/settings", [Who.Org1, Who.Evaluators[0]]),
        ("GET", "/api/v1/contracts/{contract}", []),
    ];

    public static TheoryData<string, string> Protected => new(Endpoints.Select(e => (e.Method, e.Path)));

    /// <summary>Each protected endpoint with each demo account whose role it is not for.</summary>
    public static TheoryData<string, string, string> WrongRoles => new(Endpoints.SelectMany(e => e.Refused.Select(who => (e.Method, e.Path, who))));

    private async Task<HttpRequestMessage> Request(string method, string path)
    {
        var contract = await portal.Query(db => db.Contracts.Select(c => c.Id).FirstAsync());
        var request = new HttpRequestMessage(new HttpMethod(method), path
            .Replace("{project}", target.ProjectId.ToString()).Replace("{bid}", target.BidId.ToString()).Replace("{contract}", contract.ToString())
            .Replace("{objection}", Guid.NewGuid().ToString()).Replace("{union}", (await life.Heilongjiang()).ToString()));
        if (method == "PUT") request.Content = Json.Body(new JsonObject { ["awardPublicityWorkingDays"] = 5 });
        if (method == "POST")
        {
            var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(3));
            var body = path switch
            {
                "/api/v1/projects" => draft,
                _ when path.EndsWith("/bids") => Bodies.Bid(draft, 100_000_00),
                _ when path.EndsWith("/evaluators") => new JsonObject { ["evaluatorIds"] = new JsonArray(await life.UserId(Who.Evaluators[1])) },
                _ when path.EndsWith("/declaration") => new JsonObject { ["hasConflict"] = false },
                _ when path.EndsWith("/scores") => Bodies.Scores([80, 80, 80], declareNoConflict: true),
                _ when path.EndsWith("/award") => new JsonObject { ["bidId"] = target.BidId, ["reason"] = "理由充分的授标说明" },
                _ when path.EndsWith("/answer") => new JsonObject { ["upheld"] = true, ["answer"] = "越权答复" },
                _ => new JsonObject(),
            };
            // Objections are multipart (a file may come with them); the body is what a caller would send.
            request.Content = path.EndsWith("/objections")
                ? new MultipartFormDataContent { { new StringContent("越权质疑"), "reason" } }
                : Json.Body(body);
        }
        return request;
    }

    /// <summary>
    /// What a refused call must leave as it was: the target project, its bid, panel, scores and objections, the number of
    /// projects and contracts, and the province's award publicity.
    /// </summary>
    private Task<(ProjectStatus, int, int, int, int, int, int, int, int?)> Snapshot() => portal.Query(async db =>
    {
        var p = await db.Projects.AsNoTracking().Include(x => x.Evaluators).SingleAsync(x => x.Id == target.ProjectId);
        return (p.Status, p.BidCount, await db.Bids.CountAsync(b => b.ProjectId == p.Id && b.Status == BidStatus.Submitted),
            p.Evaluators.Count, await db.BidScores.CountAsync(s => s.BidId == target.BidId),
            await db.Projects.CountAsync(), await db.Contracts.CountAsync(), p.Objections.Count,
            await db.Unions.Where(u => u.Name == "黑龙江省总工会").Select(u => u.AwardPublicityWorkingDays).SingleAsync());
    });

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Anonymous_callers_are_refused_with_401_and_nothing_changes(string method, string path)
    {
        var before = await Snapshot();
        using var anonymous = life.Anonymous();
        var response = await anonymous.SendAsync(await Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await Snapshot());
    }

    [Theory]
    [MemberData(nameof(WrongRoles))]
    public async Task A_role_the_endpoint_is_not_for_is_refused_with_403_and_nothing_changes(string method, string path, string email)
    {
        var before = await Snapshot();
        using var client = await life.As(email);
        var response = await client.SendAsync(await Request(method, path));
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email} {method} {path} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task A_union_of_another_province_gets_the_same_404_as_for_a_project_that_does_not_exist()
    {
        var before = await Snapshot();
        using var lanzhou = await life.As(Who.Lanzhou);
        using var province = await life.As(Who.Province);
        var evaluator = await life.UserId(Who.Evaluators[1]);
        var calls = new (string Name, Func<HttpClient, Guid, Task<HttpResponseMessage>> Call, HttpStatusCode Owner)[]
        {
            ("evaluators", (c, id) => c.PostAsJsonAsync($"/api/v1/projects/{id}/evaluators", new { evaluatorIds = new[] { evaluator } }), HttpStatusCode.NoContent),
            ("ranking", (c, id) => c.GetAsync($"/api/v1/projects/{id}/ranking"), HttpStatusCode.OK),
            ("award", (c, id) => c.PostAsJsonAsync($"/api/v1/projects/{id}/award", new { bidId = target.BidId, reason = "越权授标尝试说明" }), HttpStatusCode.Conflict),
            ("audit", (c, id) => c.GetAsync($"/api/v1/projects/{id}/audit"), HttpStatusCode.OK),
            ("publish", (c, id) => c.PostAsync($"/api/v1/projects/{id}/publish", null), HttpStatusCode.Conflict),
        };
        foreach (var (name, call, _) in calls)
        {
            var foreign = await call(lanzhou, target.ProjectId);
            var missing = await call(lanzhou, Guid.NewGuid());
            var foreignProblem = await foreign.AssertProblem(HttpStatusCode.NotFound, "project.not_found");
            var missingProblem = await missing.AssertProblem(HttpStatusCode.NotFound, "project.not_found");
            Assert.True(foreignProblem.GetProperty("title").GetString() == missingProblem.GetProperty("title").GetString(), name);
        }
        Assert.Equal(before, await Snapshot());

        // The owning union is not refused by the same calls (award and publish are refused for the project's state, not the caller).
        foreach (var (name, call, owner) in calls.Where(c => c.Name is not "evaluators"))
            Assert.True((await call(province, target.ProjectId)).StatusCode == owner, name);
    }

    [Fact]
    public async Task A_union_of_another_province_cannot_see_publish_or_evaluate_a_draft()
    {
        using var lanzhou = await life.As(Who.Lanzhou);
        await (await lanzhou.GetAsync($"/api/v1/projects/{target.DraftId}")).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        await (await lanzhou.PostAsync($"/api/v1/projects/{target.DraftId}/publish", null)).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        await (await lanzhou.GetAsync($"/api/v1/projects/{target.DraftId}/bids")).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        var list = await lanzhou.GetStringAsync("/api/v1/projects?status=Draft&pageSize=100");
        Assert.DoesNotContain(target.DraftId.ToString(), list);
        using var anonymous = life.Anonymous();
        await (await anonymous.GetAsync($"/api/v1/projects/{target.DraftId}")).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        Assert.Equal((ProjectStatus.Draft, 0, 0), await life.Row(target.DraftId));
    }

    [Fact]
    public async Task A_city_union_cannot_publish_its_province_s_draft_nor_draft_for_the_province_while_the_province_acts_on_the_city_s_projects()
    {
        using var city = await life.As(Who.City);
        await (await city.PostAsync($"/api/v1/projects/{target.DraftId}/publish", null)).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        Assert.Equal((ProjectStatus.Draft, 0, 0), await life.Row(target.DraftId));

        var forProvince = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(3));
        await (await city.PostAsync("/api/v1/projects", Json.Body(forProvince))).AssertProblem(HttpStatusCode.Forbidden, "project.union_forbidden");
        var title = forProvince["title"]!.GetValue<string>();
        Assert.Equal(0, await portal.Query(db => db.Projects.CountAsync(p => p.Title == title)));

        // The province drafts a project for the city below it; the city sees it, and the province publishes it.
        using var province = await life.As(Who.Province);
        var cityProject = await life.CreateDraft(province, Bodies.Project(await life.Harbin(), DateTimeOffset.UtcNow.AddDays(3)));
        Assert.Equal(await life.Harbin(), (await city.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{cityProject}")).GetProperty("unionId").GetGuid());
        await life.Publish(province, cityProject);
        Assert.Equal((ProjectStatus.Published, 0, 0), await life.Row(cityProject));
        await life.AssignEvaluators(cityProject, await life.EvaluatorIds(1), Who.Province);
        Assert.Equal(1, (await life.Project(cityProject, Who.City)).GetProperty("evaluatorCount").GetInt32());
    }

    [Fact]
    public async Task An_evaluator_not_assigned_to_the_project_is_told_it_does_not_exist()
    {
        var before = await Snapshot();
        using var stranger = await life.As(Who.Evaluators[4]);
        var score = await stranger.PostAsJsonAsync($"/api/v1/projects/{target.ProjectId}/bids/{target.BidId}/scores", Bodies.Scores([90, 90, 90], declareNoConflict: true));
        await score.AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        var declaration = await stranger.PostAsJsonAsync($"/api/v1/projects/{target.ProjectId}/declaration", new { hasConflict = false });
        await declaration.AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        Assert.Equal(before, await Snapshot());
    }

    [Fact]
    public async Task An_organization_reads_its_own_contract_and_gets_404_for_another_s()
    {
        var org1 = await life.OrganizationOf(Who.Org1);
        var contract = await portal.Query(db => db.Contracts.Where(c => c.OrganizationId == org1).Select(c => new { c.Id, c.UnionPath }).FirstAsync());
        var lanzhouPath = await portal.Query(db => db.Unions.Where(u => u.Name == "兰州市总工会").Select(u => u.Path).SingleAsync());
        Assert.False(contract.UnionPath.StartsWith(lanzhouPath));

        using (var owner = await life.As(Who.Org1))
            Assert.Equal(org1, (await owner.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contract.Id}")).GetProperty("organizationId").GetGuid());
        // An evaluator reads only the contracts whose quarterly reviews it sits on (ReviewScoringTests): this one sits on none.
        var (_, evaluator) = await portal.NewUserAsync(Roles.Evaluator);
        foreach (var email in new[] { Who.Org2, Who.Org3, evaluator, Who.Lanzhou })
        {
            using var client = await life.As(email);
            var response = await client.GetAsync($"/api/v1/contracts/{contract.Id}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{email} → {(int)response.StatusCode}");
            Assert.Equal("contract.not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        }
    }

    [Fact]
    public async Task An_evaluator_who_declared_a_conflict_cannot_score()
    {
        var (projectId, _) = await life.Published(TimeSpan.FromMinutes(10));
        await life.AssignEvaluators(projectId, await life.EvaluatorIds(2));
        // Declaring before the deadline is refused: the evaluation opens when bidding closes.
        using var evaluator = await life.As(Who.Evaluators[1]);
        var early = await evaluator.PostAsJsonAsync($"/api/v1/projects/{projectId}/declaration", new { hasConflict = true });
        await early.AssertProblem(HttpStatusCode.Conflict, "evaluation.not_open");

        // On the class's evaluating project, evaluator 1 is the only one assigned; assign evaluator 2 too and let them declare a conflict.
        await life.AssignEvaluators(target.ProjectId, await life.EvaluatorIds(2));
        var declared = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.ProjectId}/declaration", new { hasConflict = true });
        Assert.Equal(HttpStatusCode.NoContent, declared.StatusCode);
        var score = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.ProjectId}/bids/{target.BidId}/scores", Bodies.Scores([90, 90, 90], declareNoConflict: true));
        await score.AssertProblem(HttpStatusCode.Forbidden, "evaluation.conflicted");
        Assert.Equal(0, await portal.Query(db => db.BidScores.CountAsync(s => s.BidId == target.BidId)));
        var bids = await evaluator.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{target.ProjectId}/bids");
        Assert.Empty(bids.GetProperty("bids").EnumerateArray());
    }
}
