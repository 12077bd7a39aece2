using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;
using Procurement.Web.Features;

namespace Procurement.Web.Tests.Features;

/// <summary>What anyone can see: the home page, statistics, the union tree, health and the API description.</summary>
[Collection(PortalCollection.Name)]
public sealed class PublicTests(PortalHost portal)
{
    private static readonly ProjectStatus[] Public =
        [ProjectStatus.Published, ProjectStatus.BiddingClosed, ProjectStatus.Evaluating, ProjectStatus.AwardProposed, ProjectStatus.Awarded, ProjectStatus.NoAward];

    [Fact]
    public async Task Stats_add_up_the_funding_of_public_projects_and_leave_drafts_out()
    {
        using var client = portal.Anonymous();
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/v1/stats");
        var expected = await portal.Query(db => db.Projects.Where(p => Public.Contains(p.Status)).SumAsync(p => p.BudgetFen));
        var drafts = await portal.Query(db => db.Projects.CountAsync(p => p.Status == ProjectStatus.Draft));

        Assert.True(drafts > 0, "the demo data has a draft to leave out");
        Assert.Equal(expected, stats.GetProperty("funding").GetProperty("totalFen").GetInt64());
        Assert.Equal(await portal.Query(db => db.Projects.CountAsync(p => Public.Contains(p.Status))), stats.GetProperty("publishedProjects").GetInt32());
        Assert.Equal(stats.GetProperty("funding").GetProperty("totalFen").GetInt64(),
            stats.GetProperty("byRegion").EnumerateArray().Sum(r => r.GetProperty("budgetFen").GetInt64()));
    }

    [Fact]
    public async Task Stats_for_a_union_cover_only_its_subtree()
    {
        using var client = portal.Anonymous();
        var lanzhou = await portal.Query(db => db.Unions.SingleAsync(u => u.Name == "兰州市总工会"));
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/stats?unionId={lanzhou.Id}");
        var expected = await portal.Query(db => db.Projects.Where(p => Public.Contains(p.Status) && p.UnionPath.StartsWith(lanzhou.Path)).SumAsync(p => p.BudgetFen));
        var all = await portal.Query(db => db.Projects.Where(p => Public.Contains(p.Status)).SumAsync(p => p.BudgetFen));

        Assert.Equal(expected, stats.GetProperty("funding").GetProperty("totalFen").GetInt64());
        Assert.True(expected > 0 && expected < all);
    }

    [Fact]
    public async Task Stats_for_made_up_unions_and_brands_count_nothing_and_are_never_cached()
    {
        using var client = portal.Anonymous();
        var cache = portal.Services.GetRequiredService<AggregateCache>();
        await client.GetStringAsync("/api/v1/stats");
        await client.GetStringAsync("/needs"); // the board's own figures and filter lists
        var held = cache.Count;
        for (var i = 0; i < 5; i++)
        {
            var stats = await client.GetFromJsonAsync<JsonElement>($"/api/v1/stats?unionId={Guid.NewGuid()}&brandId={Guid.NewGuid()}");
            Assert.Equal(0, stats.GetProperty("publishedProjects").GetInt32());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/needs?unionId={Guid.NewGuid()}")).StatusCode);
        }
        Assert.Equal(held, cache.Count);
    }

    [Fact]
    public async Task The_union_tree_nests_cities_under_their_province()
    {
        using var client = portal.Anonymous();
        var roots = await client.GetFromJsonAsync<JsonElement>("/api/v1/unions");
        var names = roots.EnumerateArray().Select(r => r.GetProperty("name").GetString()).ToList();
        Assert.Equal(["黑龙江省总工会", "甘肃省总工会"], names);
        var heilongjiang = roots.EnumerateArray().First();
        Assert.Contains(heilongjiang.GetProperty("children").EnumerateArray(), c => c.GetProperty("name").GetString() == "哈尔滨市总工会");
    }

    [Fact]
    public async Task The_home_page_is_chinese_even_when_the_browser_asks_for_english()
    {
        using var client = portal.Anonymous();
        var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9");
        var html = await (await client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"zh-CN\"", html);
        Assert.Contains("项目资金总额", html);
        Assert.Contains("失独职工不孤独关爱服务", html);
    }

    [Fact]
    public async Task The_home_page_switches_to_english_on_request_and_shows_yuan_with_two_decimals()
    {
        using var client = portal.Anonymous();
        var html = await client.GetStringAsync("/?culture=en");
        Assert.Contains("Total project funding", html);
        Assert.Matches(@"¥\d{1,3}(,\d{3})*\.\d{2}", html);
    }

    [Fact]
    public async Task The_culture_switch_only_redirects_inside_the_portal()
    {
        using var client = portal.Anonymous();
        var response = await client.GetAsync("/culture?c=en&returnUrl=https://evil.example/");
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Health_reports_database_bus_and_scheduler()
    {
        using var client = portal.Anonymous();
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        foreach (var name in new[] { "database", "scheduler", "masstransit-bus" })
            Assert.Equal("Healthy", checks.GetProperty(name).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_v1_paths()
    {
        using var client = portal.Anonymous();
        var doc = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/login", "/api/v1/unions", "/api/v1/stats", "/api/v1/admin/jobs" })
            Assert.True(paths.TryGetProperty(path, out _), path);
    }

    [Fact]
    public async Task Pages_carry_security_headers()
    {
        using var client = portal.Anonymous();
        var response = await client.GetAsync("/");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
