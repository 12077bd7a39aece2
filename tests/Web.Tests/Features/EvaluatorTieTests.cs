using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features;

/// <summary>回避申报 over HTTP: an evaluator lists, declares and withdraws their own ties; nobody else may; bad input changes nothing.</summary>
[Collection(PortalCollection.Name)]
public sealed class EvaluatorTieTests(PortalHost portal)
{
    private Task<Guid> OrganizationAsync(string name) => portal.Query(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync());

    [Fact]
    public async Task An_evaluator_declares_re_describes_and_withdraws_a_tie_and_sees_only_their_own()
    {
        var (me, email) = await portal.NewUserAsync(Roles.Evaluator);
        var (_, otherEmail) = await portal.NewUserAsync(Roles.Evaluator);
        var xingda = await OrganizationAsync("哈尔滨市行大公益服务发展中心");
        using var client = await portal.SignedIn(email);
        using var other = await portal.SignedIn(otherEmail);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/account/ties", new { organizationId = xingda, nature = "曾任该机构理事" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/account/ties", new { organizationId = xingda, nature = "曾任该机构理事（2023—2025年）" })).StatusCode);
        var tie = Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/v1/account/ties")).EnumerateArray());
        Assert.Equal(("哈尔滨市行大公益服务发展中心", "曾任该机构理事（2023—2025年）"), (tie.GetProperty("organizationName").GetString(), tie.GetProperty("nature").GetString()));
        Assert.Empty((await other.GetFromJsonAsync<JsonElement>("/api/v1/account/ties")).EnumerateArray());
        Assert.Contains("曾任该机构理事（2023—2025年）", await (await portal.SignedIn(email)).GetStringAsync("/api/v1/account/ties"));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/account/ties/{xingda}")).StatusCode);
        await (await client.DeleteAsync($"/api/v1/account/ties/{xingda}")).AssertProblem(HttpStatusCode.NotFound, "tie.not_found");
        Assert.Equal(0, await portal.Query(db => db.EvaluatorTies.CountAsync(t => t.EvaluatorId == me)));
        Assert.Equal(["EvaluatorTieDeclared", "EvaluatorTieDeclared", "EvaluatorTieWithdrawn"],
            await portal.Query(db => db.AuditTrail.Where(a => a.AggregateId == me).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync()));
    }

    [Fact]
    public async Task Bad_ties_get_field_errors_and_other_roles_are_refused()
    {
        var (me, email) = await portal.NewUserAsync(Roles.Evaluator);
        using var client = await portal.SignedIn(email);
        await (await client.PostAsJsonAsync("/api/v1/account/ties", new { nature = "无单位" })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "organizationId");
        await (await client.PostAsJsonAsync("/api/v1/account/ties", new { organizationId = Guid.NewGuid(), nature = "" }))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "organizationId", "nature");
        Assert.Equal(0, await portal.Query(db => db.EvaluatorTies.CountAsync(t => t.EvaluatorId == me)));

        var xingda = await OrganizationAsync("哈尔滨市行大公益服务发展中心");
        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/account/ties")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/account/ties", new { organizationId = xingda, nature = "匿名" })).StatusCode);
        foreach (var who in new[] { "province@demo.local", "org1@demo.local", "admin@demo.local" })
        {
            using var refused = await portal.SignedIn(who);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.GetAsync("/api/v1/account/ties")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.PostAsJsonAsync("/api/v1/account/ties", new { organizationId = xingda, nature = "代为申报" })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await refused.DeleteAsync($"/api/v1/account/ties/{xingda}")).StatusCode);
        }
        Assert.Equal(0, await portal.Query(db => db.EvaluatorTies.CountAsync(t => t.OrganizationId == xingda && t.Nature == "代为申报")));
    }
}
