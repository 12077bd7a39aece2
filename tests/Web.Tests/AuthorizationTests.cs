using System.Net;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests;

/// <summary>Every protected endpoint, tried by every identity that must be refused.</summary>
[Collection(PortalCollection.Name)]
public sealed class AuthorizationTests(PortalHost portal)
{
    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "GET", "/api/v1/admin/jobs" },
        { "POST", "/api/v1/admin/jobs/close-due-bidding/trigger" },
    };

    public static readonly string[] NonAdmins = ["province@demo.local", "city@demo.local", "org1@demo.local", "evaluator1@demo.local"];

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_refuse_anonymous_callers_with_401(string method, string path)
    {
        using var client = portal.Anonymous();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_refuse_a_forged_bearer_token_with_401(string method, string path)
    {
        using var client = portal.Anonymous();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = new("Bearer", "CfDJ8-forged-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Admin_endpoints_refuse_every_other_role_with_403(string method, string path)
    {
        foreach (var email in NonAdmins)
        {
            using var client = await portal.SignedIn(email);
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email} {method} {path} → {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_jobs_page_sends_anonymous_visitors_to_the_login_page()
    {
        using var client = portal.Anonymous();
        var response = await client.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task The_jobs_page_is_denied_to_a_union_admin()
    {
        using var client = await portal.SignedIn("province@demo.local");
        var response = await client.GetAsync("/admin/jobs");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("close-due-bidding", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> DashboardPaths => new() { "/admin/orleans/", "/admin/orleans/DashboardCounters", "/admin/orleans/GrainState" };

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task The_orleans_dashboard_sends_anonymous_visitors_to_the_login_page(string path)
    {
        using var client = portal.Anonymous();
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [MemberData(nameof(DashboardPaths))]
    public async Task The_orleans_dashboard_refuses_every_other_role_with_403(string path)
    {
        foreach (var email in NonAdmins)
        {
            using var client = await portal.SignedIn(email);
            var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{email} GET {path} → {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_orleans_dashboard_shows_the_platform_admin_the_co_hosted_silo_as_active()
    {
        using var client = await portal.SignedIn("admin@demo.local");
        Assert.Contains("Orleans Dashboard", await client.GetStringAsync("/admin/orleans/"));
        // The dashboard collects its figures on a timer: right after start its list of hosts can still be empty.
        Assert.True(await Poll.UntilAsync(async () =>
            (await client.GetStringAsync("/admin/orleans/DashboardCounters")).Contains("\"status\":\"Active\"")));
    }
}
