using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Procurement.Contracts.Domain;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>An HTTP answer: status and body, whatever happened (a dropped connection is status 0 with the error).</summary>
public sealed record Reply(int Status, string Body, TimeSpan Took, string? CorrelationId = null)
{
    public bool Ok => Status is >= 200 and < 300;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public Guid Id => Json.GetProperty("id").GetGuid();

    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}

/// <summary>The public API (DESIGN.md §4) over real HTTP, as any client would call it.</summary>
public sealed class Api(Uri baseAddress) : IDisposable
{
    public const string DemoPassword = "Procurement#2026";

    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public Uri BaseAddress => baseAddress;

    public async Task<Reply> SendAsync(HttpMethod method, string path, string? token = null, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (body is not null)
            request.Content = new StringContent(body is JsonNode node ? node.ToJsonString() : JsonSerializer.Serialize(body, JsonSerializerOptions.Web),
                Encoding.UTF8, "application/json");
        var started = DateTime.UtcNow;
        try
        {
            using var response = await http.SendAsync(request);
            return new Reply((int)response.StatusCode, await response.Content.ReadAsStringAsync(), DateTime.UtcNow - started,
                response.Headers.TryGetValues("X-Correlation-Id", out var ids) ? ids.FirstOrDefault() : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new Reply(0, e.GetType().Name + ": " + e.Message, DateTime.UtcNow - started);
        }
    }

    public Task<Reply> PostAsync(string path, string? token, object? body = null, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, token, body, idempotencyKey);

    public Task<Reply> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<Reply> PutAsync(string path, string? token, object body) => SendAsync(HttpMethod.Put, path, token, body);

    /// <summary>A bearer token for an account (cached: signing in hashes a password).</summary>
    public Task<string> TokenAsync(string email, string password = DemoPassword) => tokens.GetOrAdd(email, async _ =>
    {
        var reply = await PostAsync("/api/v1/auth/login", null, new { email, password });
        Assert.True(reply.Status == 200, $"login {email} → {reply}");
        return reply.Json.GetProperty("accessToken").GetString()!;
    });

    /// <summary>Asserts a 2xx and returns the reply.</summary>
    public static Reply Expect(Reply reply, string what, int status)
    {
        Assert.True(reply.Status == status, $"{what} → expected {status}, got {reply}");
        return reply;
    }

    /// <summary>
    /// Registers <paramref name="count"/> organizations through the API (each with its member's account), has the province
    /// approve them, and signs their members in.
    /// </summary>
    public async Task<IReadOnlyList<Member>> OrganizationsAsync(int count, string tag, string unionAdminToken)
    {
        var members = new Member[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var email = $"{tag}-{i:D3}@it.local";
            var password = "It-Password#" + i.ToString("D3");
            var body = new
            {
                name = $"测试社会组织 {tag} {i:D3}",
                kind = "Registered",
                // Unique in the class's database, also across the tags of several tests sharing it.
                uscc = Uscc.Compose("52", "230100", $"{tag.Sum(c => c) % 97:D2}{i:D6}"),
                regionCode = "230100",
                description = "集成测试用的社会组织",
                serviceDomains = new[] { "心理援助" },
                serviceRegions = new[] { "哈尔滨市" },
                certifiedSocialWorkers = 5,
                volunteers = 20,
                contactName = "联系人",
                contactPhone = "0451-00000000",
                accountEmail = email,
                accountPassword = password,
            };
            var registered = Expect(await PostAsync("/api/v1/organizations", null, body), $"register {email}", 201);
            var id = registered.Id;
            Expect(await PostAsync($"/api/v1/organizations/{id}/approve", unionAdminToken), $"approve {email}", 204);
            members[i] = new Member(id, email, await TokenAsync(email, password));
        });
        return members;
    }

    public void Dispose() => http.Dispose();
}

/// <summary>An organization and its signed-in member.</summary>
public sealed record Member(Guid OrganizationId, string Email, string Token);

/// <summary>Valid request bodies.</summary>
public static class Bodies
{
    public static readonly (string Name, int Weight)[] Criteria = [("服务方案", 40), ("团队能力", 35), ("经费合理性", 25)];

    public const long BudgetFen = 200_000_00;

    public static DateOnly ServiceStart(DateTimeOffset closesAt) => closesAt.ToChinaDate().AddDays(1);

    public static JsonObject Project(Guid unionId, DateTimeOffset closesAt, string title) => new()
    {
        ["unionId"] = unionId,
        ["brandId"] = null,
        ["category"] = "心理健康",
        ["title"] = title,
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

    /// <summary>A bid for a project drafted by <see cref="Project"/>; <paramref name="plan"/> tells one request from another.</summary>
    public static JsonObject Bid(JsonObject project, long amountFen, string plan)
    {
        var start = DateOnly.Parse(project["serviceStart"]!.GetValue<string>());
        return new JsonObject
        {
            ["plan"] = plan,
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

    public static object Scores(int[] scores, bool declareNoConflict) => new
    {
        scores = Criteria.Zip(scores, (c, s) => new { criterion = c.Name, score = s }).ToArray(),
        declareNoConflict,
    };
}

/// <summary>Answer counts like "201×480 503(grain.busy)×3 dropped×2", with the problem's code for errors.</summary>
public static class Statuses
{
    public static string Summary(IEnumerable<int> statuses) =>
        string.Join(' ', statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "dropped" : g.Key.ToString())}×{g.Count()}"));

    public static string Summary(IEnumerable<Reply> replies) =>
        string.Join(' ', replies.GroupBy(Label).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));

    /// <summary>The distinct failures with an example each, for the figures.</summary>
    public static string Failures(IEnumerable<Reply> replies) =>
        string.Join(" | ", replies.Where(r => !r.Ok).GroupBy(Label).Select(g =>
            $"{g.Key}×{g.Count()} (took {g.Min(r => r.Took).TotalSeconds:0.0}–{g.Max(r => r.Took).TotalSeconds:0.0} s{(g.Key == "dropped" ? ": " + g.First().Body : "")})"));

    private static string Label(Reply r)
    {
        if (r.Ok) return r.Status.ToString();
        if (r.Status == 0) return "dropped";
        try { return $"{r.Status}({r.Json.GetProperty("code").GetString()})"; }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return r.Status.ToString(); }
    }
}

/// <summary>
/// The command id the Web gives a request carrying an Idempotency-Key: since commit 778ca28 it is derived from the caller and
/// the key (src/Web/Hosting/Commands.cs, GrainCommands.IdempotentId), so the suite derives it the same way to find a
/// request's ProcessedMessages row; the raw key is matched too, in case the derivation is dropped again.
/// </summary>
public static class CommandIds
{
    public static Guid For(Guid userId, Guid key) =>
        new(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(userId.ToString("N") + "\n" + key)).AsSpan(0, 16));

    /// <summary>Which of the requests (by key) have a ProcessedMessages row of a grain, under either id.</summary>
    public static async Task<HashSet<Guid>> ProcessedAsync(Cluster cluster, IEnumerable<(Guid Key, string Email)> requests)
    {
        var list = requests.ToList();
        var emails = list.Select(r => r.Email).Distinct().ToArray();
        var users = (await cluster.QueryAsync("SELECT \"Email\", \"Id\" FROM \"AspNetUsers\" WHERE \"Email\" = ANY(@e)",
            r => (Email: r.GetString(0), Id: r.GetGuid(1)), ("e", emails))).ToDictionary(u => u.Email, u => u.Id);
        var derived = list.ToDictionary(r => r.Key, r => For(users[r.Email], r.Key));
        var ids = derived.Values.Concat(list.Select(r => r.Key)).ToArray();
        var found = (await cluster.QueryAsync("SELECT \"MessageId\" FROM \"ProcessedMessages\" WHERE \"MessageId\" = ANY(@k)", r => r.GetGuid(0), ("k", ids))).ToHashSet();
        return [.. list.Where(r => found.Contains(derived[r.Key]) || found.Contains(r.Key)).Select(r => r.Key)];
    }

    /// <summary>ProcessedMessages rows of the requests under either id (to count how often each was recorded).</summary>
    public static async Task<long> RowsAsync(Cluster cluster, IEnumerable<(Guid Key, string Email)> requests)
    {
        var list = requests.ToList();
        var emails = list.Select(r => r.Email).Distinct().ToArray();
        var users = (await cluster.QueryAsync("SELECT \"Email\", \"Id\" FROM \"AspNetUsers\" WHERE \"Email\" = ANY(@e)",
            r => (Email: r.GetString(0), Id: r.GetGuid(1)), ("e", emails))).ToDictionary(u => u.Email, u => u.Id);
        var ids = list.Select(r => For(users[r.Email], r.Key)).Concat(list.Select(r => r.Key)).ToArray();
        return await cluster.ScalarAsync<long>("SELECT count(*) FROM \"ProcessedMessages\" WHERE \"MessageId\" = ANY(@k)", ("k", ids));
    }
}
