using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// An application is seen and decided by the unions whose region covers it (the applicant's contacts with it), returned
/// with a reason, corrected and resubmitted by its own members: over the API and on the pages, refused to everyone else.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class OrganizationApplicationTests(LifecyclePortal portal)
{
    private const string Password = "Register#2026x";
    private readonly Lifecycle life = new(portal);

    /// <summary>A community group (no credit code to make unique) registered in Harbin's 香坊区 (230110), with its member's token.</summary>
    private async Task<(Guid Id, string Email, HttpClient Member)> ApplyAsync()
    {
        var email = $"apply-{Guid.NewGuid():N}@test.local";
        var registration = new JsonObject
        {
            ["name"] = $"香坊区职工文艺队 {Guid.NewGuid():N}"[..20], ["kind"] = "CommunityGroup", ["regionCode"] = "230110",
            ["serviceDomains"] = new JsonArray("文化活动"), ["serviceRegions"] = new JsonArray("香坊区"),
            ["contactName"] = "李老师", ["contactPhone"] = "13945012345", ["accountEmail"] = email, ["accountPassword"] = Password,
        };
        using var anonymous = life.Anonymous();
        var created = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var member = life.Anonymous();
        member.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return (id, email, member);
    }

    private static async Task<List<Guid>> PendingIds(HttpClient union) =>
        [.. (await union.GetFromJsonAsync<JsonElement>("/api/v1/organizations/applications")).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];

    [Fact]
    public async Task Only_unions_whose_region_covers_an_application_see_it_with_its_contacts_and_decide_it()
    {
        var (id, _, _) = await ApplyAsync();
        using var harbin = await life.As(Who.City);
        using var heilongjiang = await life.As(Who.Province);
        using var lanzhou = await life.As(Who.Lanzhou);

        Assert.Contains(id, await PendingIds(harbin));
        Assert.Contains(id, await PendingIds(heilongjiang));
        Assert.DoesNotContain(id, await PendingIds(lanzhou));
        var application = await harbin.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{id}/application");
        Assert.Equal(("李老师", "13945012345"), (application.GetProperty("contactName").GetString(), application.GetProperty("contactPhone").GetString()));
        await (await lanzhou.GetAsync($"/api/v1/organizations/{id}/application")).AssertProblem(HttpStatusCode.NotFound);
        await (await lanzhou.GetAsync($"/api/v1/organizations/{id}")).AssertProblem(HttpStatusCode.NotFound);

        // Lanzhou's union cannot decide it even knowing its id; nothing changes.
        await (await lanzhou.PostAsJsonAsync($"/api/v1/organizations/{id}/reject", new { reason = "不在本地" })).AssertProblem(HttpStatusCode.Forbidden, "organization.outside_region");
        await (await lanzhou.PostAsync($"/api/v1/organizations/{id}/approve", null)).AssertProblem(HttpStatusCode.Forbidden, "organization.outside_region");
        Assert.Equal(OrganizationStatus.Pending, await portal.Query(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Status).SingleAsync()));

        // The workbench queue of the unions counts it the same way.
        using var harbinPage = new PageClient(portal.BaseAddress);
        await harbinPage.SignInAsync(Who.City);
        Assert.Contains($"/organizations/{id}", await (await harbinPage.GetAsync("/workbench/organizations")).Content.ReadAsStringAsync());
        using var lanzhouPage = new PageClient(portal.BaseAddress);
        await lanzhouPage.SignInAsync(Who.Lanzhou);
        Assert.DoesNotContain($"/organizations/{id}", await (await lanzhouPage.GetAsync("/workbench/organizations")).Content.ReadAsStringAsync());
        Assert.DoesNotContain($"/organizations/{id}", await (await lanzhouPage.GetAsync("/organizations/pending")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Application_endpoints_refuse_everyone_who_must_not_decide_or_correct()
    {
        var (id, _, member) = await ApplyAsync();
        using var _ = member;
        var body = new { name = "改名", kind = "CommunityGroup", regionCode = "230110" };
        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/organizations/{id}/reject", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync($"/api/v1/organizations/{id}/registration", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/organizations/applications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/organizations/{id}/application")).StatusCode);

        foreach (var email in new[] { Who.Org1, Who.Evaluators[0] })
        {
            using var client = await life.As(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/organizations/{id}/reject", new { reason = "x" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/organizations/applications")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/organizations/{id}/application")).StatusCode);
        }
        // Another organization's member, and a union, cannot correct it.
        foreach (var email in new[] { Who.Org1, Who.City })
        {
            using var client = await life.As(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsJsonAsync($"/api/v1/organizations/{id}/registration", body)).StatusCode);
        }
        Assert.NotEqual("改名", await portal.Query(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_union_returns_an_application_with_a_reason_the_applicant_corrects_it_on_its_page_and_the_union_then_approves_it()
    {
        var (id, email, member) = await ApplyAsync();
        using var _ = member;
        using var union = new PageClient(portal.BaseAddress);
        await union.SignInAsync(Who.City);
        var details = await (await union.GetAsync($"/organizations/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"decide\"", details);
        Assert.Contains("<a href=\"tel:13945012345\">13945012345</a>", details);

        // No reason: refused beside its field, nothing changed.
        var blank = await union.PostFormAsync($"/organizations/{id}?handler=Reject", new() { ["reason"] = " " }, $"/organizations/{id}");
        Assert.Equal(HttpStatusCode.OK, blank.StatusCode);
        Assert.Matches("data-valmsg-for=\"reason\"[^>]*>[^<]+</span>", await blank.Content.ReadAsStringAsync());
        Assert.Equal(OrganizationStatus.Pending, await portal.Query(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Status).SingleAsync()));

        var returned = await union.PostFormAsync($"/organizations/{id}?handler=Reject", new() { ["reason"] = "请补充联系人的身份证明。" }, $"/organizations/{id}");
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

        using var applicant = new PageClient(portal.BaseAddress);
        await applicant.SignInAsync(email, Password);
        var own = await (await applicant.GetAsync($"/organizations/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("请补充联系人的身份证明。", own);
        Assert.Contains($"href=\"/organizations/{id}/edit\"", own);
        var form = await (await applicant.GetAsync($"/organizations/{id}/edit")).Content.ReadAsStringAsync();
        Assert.Contains("value=\"13945012345\"", form); // the form starts from what was sent

        var corrected = await applicant.PostFormAsync($"/organizations/{id}/edit", new()
        {
            ["Input.Name"] = "香坊区职工文艺队", ["Input.Kind"] = "CommunityGroup", ["Input.RegionCode"] = "230110",
            ["Input.ServiceDomains"] = "文化活动、合唱", ["Input.ContactName"] = "李老师（队长）", ["Input.ContactPhone"] = "13945012345",
        });
        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var row = await portal.Query(db => db.Organizations.AsNoTracking().SingleAsync(o => o.Id == id));
        Assert.Equal((OrganizationStatus.Pending, "李老师（队长）"), (row.Status, row.ContactName));
        Assert.Equal(["文化活动", "合唱"], row.ServiceDomains);

        // Another organization's member finds no correction page for it.
        using var other = new PageClient(portal.BaseAddress);
        await other.SignInAsync(Who.Org1);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/organizations/{id}/edit")).StatusCode);

        var pending = await (await union.GetAsync("/organizations/pending")).Content.ReadAsStringAsync();
        Assert.Contains("已按退回意见修改后重新提交", pending);
        var approved = await union.PostFormAsync("/organizations/pending?handler=Approve", new() { ["id"] = id.ToString(), ["name"] = row.Name }, "/organizations/pending");
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal(OrganizationStatus.Approved, await portal.Query(db => db.Organizations.Where(o => o.Id == id).Select(o => o.Status).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await applicant.GetAsync($"/organizations/{id}/edit")).StatusCode);
    }
}
