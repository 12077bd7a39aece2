using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>The demo accounts the lifecycle tests act as.</summary>
internal static class Who
{
    public const string Admin = "admin@demo.local";
    public const string Province = "province@demo.local";
    public const string City = "city@demo.local";
    public const string Lanzhou = "lanzhou@demo.local";
    public const string Org1 = "org1@demo.local";
    public const string Org2 = "org2@demo.local";
    public const string Org3 = "org3@demo.local";
    public static readonly string[] Evaluators = [.. Enumerable.Range(1, 5).Select(i => $"evaluator{i}@demo.local")];
}

/// <summary>
/// Steps of the project lifecycle over the real HTTP API, and the demo ids they need. Bodies are built as JSON nodes so a
/// test can break any one field; every step that must succeed asserts its status, so a failing step names itself.
/// </summary>
internal sealed class Lifecycle(PortalHost portal)
{
    /// <summary>Bearer tokens by portal and account: signing in hashes a password, which is the slowest thing a test does.</summary>
    private static readonly ConcurrentDictionary<(Uri, string), Task<string>> Tokens = new();

    public PortalHost Portal => portal;

    public async Task<HttpClient> As(string email)
    {
        var token = await Tokens.GetOrAdd((portal.BaseAddress, email), async _ =>
        {
            using var client = portal.Anonymous();
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalHost.Password });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        });
        var signedIn = portal.Anonymous();
        signedIn.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return signedIn;
    }

    public HttpClient Anonymous() => portal.Anonymous();

    /// <summary>Signs every demo account in up front, so a test racing a short deadline spends its seconds on the steps, not on password hashing.</summary>
    public async Task SignInAll()
    {
        string[] all = [Who.Admin, Who.Province, Who.City, Who.Lanzhou, Who.Org1, Who.Org2, Who.Org3, .. Who.Evaluators];
        foreach (var client in await Task.WhenAll(all.Select(As))) client.Dispose();
    }

    public Task<Guid> UnionId(string name) => portal.Query(db => db.Unions.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    public Task<Guid> Heilongjiang() => UnionId("黑龙江省总工会");

    public Task<Guid> Harbin() => UnionId("哈尔滨市总工会");

    public Task<Guid> BrandId() => portal.Query(db => db.Brands.Where(b => b.Name == "工助龙江").Select(b => b.Id).SingleAsync());

    public Task<Guid> UserId(string email) => portal.Query(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    public Task<Guid> OrganizationOf(string email) =>
        portal.Query(db => db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId!.Value).SingleAsync());

    public async Task<Guid[]> EvaluatorIds(int count) => [.. await Task.WhenAll(Who.Evaluators.Take(count).Select(UserId))];

    public async Task<Guid> CreateDraft(HttpClient union, JsonObject draft)
    {
        var response = await union.PostAsync("/api/v1/projects", Json.Body(draft));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create draft → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/projects/{id}", response.Headers.Location!.OriginalString);
        return id;
    }

    public async Task Publish(HttpClient union, Guid projectId)
    {
        var response = await union.PostAsync($"/api/v1/projects/{projectId}/publish", null);
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"publish → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A published project of the province whose bidding closes <paramref name="closesIn"/> from now; for windows no test races (see <see cref="OpenForBids"/>).</summary>
    public async Task<(Guid Id, JsonObject Draft)> Published(TimeSpan closesIn, string email = Who.Province, Guid? unionId = null)
    {
        using var union = await As(email);
        var draft = Bodies.Project(unionId ?? await Heilongjiang(), DateTimeOffset.UtcNow + closesIn);
        var id = await CreateDraft(union, draft);
        await Publish(union, id);
        return (id, draft);
    }

    /// <summary>
    /// Drafts a province project whose bidding closes <paramref name="closesIn"/> (3 s by default) from now, checks it is a
    /// draft, publishes it and runs <paramref name="beforeDeadline"/>, the steps that must land before the deadline. On a
    /// loaded machine the steps can miss a short deadline; then it starts over on a fresh project with twice the time
    /// instead of failing the test. A step that fails while the deadline is still ahead fails the test at once.
    /// </summary>
    public async Task<(Guid Id, JsonObject Draft)> OpenForBids(Func<Guid, JsonObject, Task> beforeDeadline, TimeSpan? closesIn = null, Guid? brandId = null,
        Guid? unionId = null)
    {
        await SignInAll();
        var window = closesIn ?? TimeSpan.FromSeconds(3);
        for (var attempt = 1; ; attempt++, window *= 2)
        {
            using var province = await As(Who.Province);
            var closesAt = DateTimeOffset.UtcNow + window;
            var draft = Bodies.Project(unionId ?? await Heilongjiang(), closesAt, brandId);
            var id = await CreateDraft(province, draft);
            Assert.Equal("Draft", (await Project(id)).GetProperty("status").GetString());
            await Publish(province, id);
            try
            {
                await beforeDeadline(id, draft);
                return (id, draft);
            }
            catch (Exception) when (attempt < 3 && DateTimeOffset.UtcNow >= closesAt)
            {
                // Too slow for this window: the project is left closed and unused.
            }
        }
    }

    public static Task<HttpResponseMessage> PostBid(HttpClient organization, Guid projectId, JsonObject bid, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/projects/{projectId}/bids") { Content = Json.Body(bid) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return organization.SendAsync(request);
    }

    public async Task<Guid> Bid(string organizationEmail, Guid projectId, JsonObject bid)
    {
        using var organization = await As(organizationEmail);
        var response = await PostBid(organization, projectId, bid);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"bid by {organizationEmail} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Sets a union's award publicity (working days; null follows the platform) as <paramref name="email"/>.</summary>
    public async Task SetAwardPublicity(string email, Guid unionId, int? workingDays)
    {
        using var union = await As(email);
        var response = await union.PutAsJsonAsync($"/api/v1/unions/{unionId}/settings", new { awardPublicityWorkingDays = workingDays });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"award publicity → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task AssignEvaluators(Guid projectId, IEnumerable<Guid> evaluatorIds, string email = Who.Province)
    {
        using var union = await As(email);
        var response = await union.PostAsJsonAsync($"/api/v1/projects/{projectId}/evaluators", new { evaluatorIds });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"assign evaluators → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task Declare(string evaluatorEmail, Guid projectId)
    {
        using var evaluator = await As(evaluatorEmail);
        var response = await evaluator.PostAsJsonAsync($"/api/v1/projects/{projectId}/declaration", new { hasConflict = false });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"declaration by {evaluatorEmail} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Scores a bid with one score per criterion, in the order of <see cref="Bodies.Criteria"/>.</summary>
    public async Task Score(string evaluatorEmail, Guid projectId, Guid bidId, int[] scores, bool declareNoConflict = false)
    {
        using var evaluator = await As(evaluatorEmail);
        var response = await evaluator.PostAsJsonAsync($"/api/v1/projects/{projectId}/bids/{bidId}/scores", Bodies.Scores(scores, declareNoConflict));
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"score by {evaluatorEmail} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<JsonElement> Project(Guid projectId, string email = Who.Province)
    {
        using var client = await As(email);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}");
    }

    /// <summary>Waits for the scheduler's one-shot trigger to close bidding at the deadline; returns the status it left.</summary>
    public async Task<string> ClosedByTheScheduler(Guid projectId)
    {
        using var union = await As(Who.Province);
        try
        {
            var project = await Eventually.Get(
                () => union.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}"),
                p => p.GetProperty("status").GetString() != "Published",
                TimeSpan.FromSeconds(20));
            return project.GetProperty("status").GetString()!;
        }
        catch (TimeoutException e)
        {
            // What the deadline jobs did meanwhile says why: not run yet, failed (and with what), or run too early.
            var runs = await portal.Query(db => db.JobRuns.AsNoTracking().Where(r => r.JobName == "close-project-bidding")
                .OrderByDescending(r => r.Id).Take(10).Select(r => $"{r.StartedAt:HH:mm:ss.fff} {r.Succeeded} {r.Summary}").ToListAsync());
            throw new TimeoutException($"{e.Message}\nlast deadline-job runs (now {DateTimeOffset.UtcNow:HH:mm:ss.fff}):\n{string.Join("\n", runs)}", e);
        }
    }

    public Task<(ProjectStatus Status, int BidCount, int Bids)> Row(Guid projectId) =>
        portal.Query(async db =>
        {
            var p = await db.Projects.AsNoTracking().SingleAsync(x => x.Id == projectId);
            return (p.Status, p.BidCount, await db.Bids.CountAsync(b => b.ProjectId == projectId));
        });
}

/// <summary>Valid request bodies, as JSON nodes a test may break.</summary>
internal static class Bodies
{
    public static readonly (string Name, int Weight)[] Criteria = [("服务方案", 40), ("团队能力", 35), ("经费合理性", 25)];

    public const long BudgetFen = 200_000_00;

    public static DateOnly ServiceStart(DateTimeOffset closesAt) => closesAt.ToChinaDate().AddDays(1);

    public static JsonObject Project(Guid unionId, DateTimeOffset closesAt, Guid? brandId = null, string? title = null) => new()
    {
        ["unionId"] = unionId,
        ["brandId"] = brandId,
        ["category"] = "心理健康",
        ["title"] = title ?? $"职工心理援助热线 {Guid.NewGuid():N}",
        ["description"] = "为一线职工提供心理咨询和危机干预。",
        ["targetGroups"] = new JsonArray("新就业形态劳动者"),
        ["serviceRegions"] = new JsonArray("哈尔滨市"),
        ["budgetFen"] = BudgetFen,
        ["provincialFundingFen"] = 120_000_00L,
        ["localFundingFen"] = 80_000_00L,
        ["otherFundingFen"] = 0L,
        ["targetBeneficiaries"] = 2000,
        ["targetSessions"] = 40,
        ["registeredOnly"] = false,
        ["minCertifiedSocialWorkers"] = 0,
        ["criteria"] = new JsonArray([.. Criteria.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["weight"] = c.Weight })]),
        ["bidOpensAt"] = DateTimeOffset.UtcNow.AddMinutes(-5),
        ["bidClosesAt"] = closesAt,
        ["serviceStart"] = ServiceStart(closesAt).ToString("yyyy-MM-dd"),
        ["serviceEnd"] = ServiceStart(closesAt).AddDays(180).ToString("yyyy-MM-dd"),
    };

    /// <summary>A bid for a project drafted by <see cref="Project"/>: two budget lines and two milestones (40 % / 60 %).</summary>
    public static JsonObject Bid(JsonObject project, long amountFen, string? plan = null)
    {
        var start = DateOnly.Parse(project["serviceStart"]!.GetValue<string>());
        return new JsonObject
        {
            ["plan"] = plan ?? $"开通24小时心理援助热线，每月开展团体辅导。{Guid.NewGuid():N}",
            ["amountFen"] = amountFen,
            ["budgetLines"] = new JsonArray(
                new JsonObject { ["item"] = "人员经费", ["amountFen"] = amountFen * 6 / 10 },
                new JsonObject { ["item"] = "活动经费", ["amountFen"] = amountFen - amountFen * 6 / 10 }),
            ["milestones"] = new JsonArray(
                new JsonObject { ["deliverable"] = "热线开通并完成首批咨询", ["dueDate"] = start.AddDays(30).ToString("yyyy-MM-dd"), ["sharePercent"] = 40 },
                new JsonObject { ["deliverable"] = "全年服务总结报告", ["dueDate"] = start.AddDays(170).ToString("yyyy-MM-dd"), ["sharePercent"] = 60 }),
            ["targetBeneficiaries"] = 1500,
            ["targetSessions"] = 36,
            ["team"] = "持证社工3名，心理咨询师2名",
        };
    }

    public static JsonObject Scores(int[] scores, bool declareNoConflict = false) => new()
    {
        ["scores"] = new JsonArray([.. Criteria.Zip(scores, (c, s) => (JsonNode)new JsonObject { ["criterion"] = c.Name, ["score"] = s })]),
        ["declareNoConflict"] = declareNoConflict,
    };

    /// <summary>An evaluator's weighted total in centipoints, computed here independently of the code under test.</summary>
    public static int Total(int[] scores) => Criteria.Zip(scores, (c, s) => c.Weight * s).Sum();
}

internal static class Json
{
    public static StringContent Body(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static JsonObject Clone(this JsonObject o) => (JsonObject)o.DeepClone();

    /// <summary>Asserts an RFC 9457 problem with its stable code and, when given, the fields it blames; never a 500.</summary>
    public static async Task<JsonElement> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string? code = null, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.DoesNotContain("Exception", text);
        Assert.DoesNotContain("   at ", text);
        if (code is not null) Assert.Equal(code, problem.GetProperty("code").GetString());
        else Assert.False(string.IsNullOrEmpty(problem.GetProperty("code").GetString()));
        foreach (var field in fields)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0,
                $"errors.{field} missing in {text}");
        }
        return problem;
    }

    public static string? OptionalString(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : null;
}
