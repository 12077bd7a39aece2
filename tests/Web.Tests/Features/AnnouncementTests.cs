using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features;

/// <summary>通知公告 over HTTP: unions publish to everyone, correct and withdraw their own; everyone else is refused; the home page lists the latest.</summary>
[Collection(PortalCollection.Name)]
public sealed class AnnouncementTests(PortalHost portal)
{
    private Task<Guid> UnionAsync(string name) => portal.Query(db => db.Unions.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    private Task<int> CountAsync() => portal.Query(db => db.Announcements.CountAsync());

    private static object Draft(Guid unionId, string title, string kind = "Notice", string body = "请各单位按时报送。") =>
        new { unionId, kind, title, body };

    [Fact]
    public async Task The_demo_announcements_are_public_newest_first_and_filter_by_kind_and_union_subtree()
    {
        using var anonymous = portal.Anonymous();
        var all = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/announcements?pageSize=100");
        var published = all.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("publishedAt").GetDateTimeOffset()).ToList();
        Assert.True(published.Count >= 4, $"{published.Count} announcements");
        Assert.Equal(published.OrderDescending(), published);

        var results = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/announcements?kind=Result");
        Assert.All(results.GetProperty("items").EnumerateArray(), a => Assert.Equal("Result", a.GetProperty("kind").GetString()));
        Assert.Contains(results.GetProperty("items").EnumerateArray(), a => a.GetProperty("title").GetString() == "2026年度哈尔滨市工会服务项目季度评估结果");

        // Heilongjiang's subtree holds Harbin's announcement and not Lanzhou's.
        var heilongjiang = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/announcements?unionId={await UnionAsync("黑龙江省总工会")}"))
            .GetProperty("items").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Contains("2026年度哈尔滨市工会服务项目季度评估结果", heilongjiang);
        Assert.DoesNotContain("兰州市总工会购买社会组织服务项目资金管理办法（试行）", heilongjiang);
    }

    [Fact]
    public async Task A_union_publishes_corrects_and_withdraws_and_the_public_sees_each_step()
    {
        var province = await UnionAsync("黑龙江省总工会");
        using var admin = await portal.SignedIn("province@demo.local");
        using var anonymous = portal.Anonymous();
        var title = $"关于做好春节期间困难职工走访慰问工作的通知 {Guid.NewGuid():N}"[..40];

        var created = await admin.PostAsJsonAsync("/api/v1/announcements", Draft(province, title));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(title, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}")).GetProperty("title").GetString());
        Assert.Contains(title, await anonymous.GetStringAsync("/"));
        Assert.Contains(title, await anonymous.GetStringAsync("/announcements"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/v1/announcements/{id}", Draft(province, title, "Guide", "更正：请于1月20日前报送。"))).StatusCode);
        var corrected = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}");
        Assert.Equal(("Guide", "更正：请于1月20日前报送。"), (corrected.GetProperty("kind").GetString(), corrected.GetProperty("body").GetString()));
        Assert.NotEqual(JsonValueKind.Null, corrected.GetProperty("updatedAt").ValueKind);
        await (await admin.PutAsJsonAsync($"/api/v1/announcements/{id}", Draft(await UnionAsync("哈尔滨市总工会"), title)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "unionId");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/announcements/{id}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/announcements/{id}")).StatusCode);
        Assert.DoesNotContain(title, await anonymous.GetStringAsync("/"));
        var ownView = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/announcements/{id}");
        Assert.NotEqual(JsonValueKind.Null, ownView.GetProperty("withdrawnAt").ValueKind);
        Assert.Equal(["AnnouncementPublished", "AnnouncementUpdated", "AnnouncementWithdrawn"],
            await portal.Query(db => db.AuditTrail.Where(a => a.AggregateId == id).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Bad_announcements_get_field_errors_and_publish_nothing()
    {
        var province = await UnionAsync("黑龙江省总工会");
        using var admin = await portal.SignedIn("province@demo.local");
        var before = await CountAsync();

        await (await admin.PostAsJsonAsync("/api/v1/announcements", Draft(province, "  ", body: ""))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "title", "body");
        await (await admin.PostAsJsonAsync("/api/v1/announcements", Draft(province, new string('通', 201)))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "title");
        await (await admin.PostAsJsonAsync("/api/v1/announcements", Draft(province, "正文过长", body: new string('文', 20_001)))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "body");
        await (await admin.PostAsJsonAsync("/api/v1/announcements", new { unionId = province, kind = 9, title = "类别无效", body = "正文" })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "kind");
        await (await admin.PostAsJsonAsync("/api/v1/announcements", new { unionId = Guid.NewGuid(), kind = "Notice", title = "没有的工会", body = "正文" })).AssertProblem(HttpStatusCode.UnprocessableEntity, "union.not_found", "unionId");
        await (await admin.PostAsync("/api/v1/announcements", Json.Raw("{\"title\": 1}"))).AssertProblem(HttpStatusCode.BadRequest);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Only_union_admins_publish_and_only_for_their_own_subtree_and_announcements()
    {
        var province = await UnionAsync("黑龙江省总工会");
        using var admin = await portal.SignedIn("province@demo.local");
        var created = await admin.PostAsJsonAsync("/api/v1/announcements", Draft(province, "省总工会工作通知（权限测试）"));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var before = await CountAsync();

        using var anonymous = portal.Anonymous();
        foreach (var call in Calls(id, province))
            Assert.Equal(HttpStatusCode.Unauthorized, (await call(anonymous)).StatusCode);
        foreach (var email in new[] { "org1@demo.local", "evaluator1@demo.local", "admin@demo.local" })
        {
            using var refused = await portal.SignedIn(email);
            foreach (var call in Calls(id, province))
                Assert.Equal(HttpStatusCode.Forbidden, (await call(refused)).StatusCode);
        }

        // A city union may not publish for the province above it; to Lanzhou the province's announcement does not exist.
        using var city = await portal.SignedIn("city@demo.local");
        await (await city.PostAsJsonAsync("/api/v1/announcements", Draft(province, "越级发布"))).AssertProblem(HttpStatusCode.Forbidden, "announcement.union_forbidden");
        using var lanzhou = await portal.SignedIn("lanzhou@demo.local");
        await (await lanzhou.PutAsJsonAsync($"/api/v1/announcements/{id}", Draft(province, "改别人的公告"))).AssertProblem(HttpStatusCode.NotFound, "announcement.not_found");
        await (await lanzhou.PostAsync($"/api/v1/announcements/{id}/withdraw", null)).AssertProblem(HttpStatusCode.NotFound, "announcement.not_found");

        Assert.Equal(before, await CountAsync());
        var stored = await portal.Query(db => db.Announcements.Where(a => a.Id == id).Select(a => new { a.Title, a.WithdrawnAt }).SingleAsync());
        Assert.Equal(("省总工会工作通知（权限测试）", (DateTimeOffset?)null), (stored.Title, stored.WithdrawnAt));
    }

    private static IEnumerable<Func<HttpClient, Task<HttpResponseMessage>>> Calls(Guid id, Guid unionId) =>
    [
        c => c.PostAsJsonAsync("/api/v1/announcements", Draft(unionId, "无权发布")),
        c => c.PutAsJsonAsync($"/api/v1/announcements/{id}", Draft(unionId, "无权修改")),
        c => c.PostAsync($"/api/v1/announcements/{id}/withdraw", null),
    ];
}
