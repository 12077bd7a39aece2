using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features;

/// <summary>用户管理: the platform admin creates union-admin and evaluator accounts (the person sets the password), locks and unlocks them.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class UserAdminTests(PortalHost portal)
{
    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/admin/users" }, { "POST", "/api/v1/admin/users" }, { "POST", $"/api/v1/admin/users/{Guid.NewGuid()}/lock" },
        { "GET", $"/api/v1/admin/users/{Guid.NewGuid()}" }, { "PUT", $"/api/v1/admin/users/{Guid.NewGuid()}/binding" },
    };

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "POST" or "PUT"
            ? JsonContent.Create(new { locked = true, email = "x@test.local", displayName = "x", role = Roles.Evaluator, unionId = Guid.NewGuid() })
            : null,
    };

    [Fact]
    public async Task The_platform_admin_binds_a_union_admin_to_another_union_and_their_next_sign_in_works_for_it()
    {
        Task<Guid> Union(string name) => portal.Query(db => db.Unions.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());
        var (harbin, lanzhou) = (await Union("哈尔滨市总工会"), await Union("兰州市总工会"));
        var (clerk, email) = await portal.NewUserAsync(Roles.UnionAdmin, unionId: harbin);
        var (evaluator, _) = await portal.NewUserAsync(Roles.Evaluator);
        using var admin = await portal.SignedIn("admin@demo.local");
        var binding = $"/api/v1/admin/users/{clerk}/binding";

        await (await admin.PutAsJsonAsync(binding, new { unionId = Guid.NewGuid() })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "unionId");
        await (await admin.PutAsJsonAsync(binding, new { organizationId = Guid.NewGuid() })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "unionId");
        await (await admin.PutAsJsonAsync($"/api/v1/admin/users/{evaluator}/binding", new { unionId = lanzhou })).AssertProblem(HttpStatusCode.Conflict, "account.not_bindable");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/binding", new { unionId = lanzhou })).StatusCode);
        Assert.Equal(harbin, await portal.Query(db => db.Users.Where(u => u.Id == clerk).Select(u => u.UnionId).SingleAsync()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync(binding, new { unionId = lanzhou })).StatusCode);
        var account = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users/{clerk}");
        Assert.Equal((lanzhou, Roles.UnionAdmin), (account.GetProperty("unionId").GetGuid(), account.GetProperty("role").GetString()));
        var trail = await portal.Query(db => db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == clerk).OrderBy(a => a.Sequence).ToListAsync());
        Assert.Equal(["AccountRebound"], trail.Select(a => a.Action));
        Assert.Null(Procurement.Silo.Hosting.AuditChain.FirstBroken(trail));
        using var signedInAgain = await portal.SignedIn(email);
        Assert.Equal(HttpStatusCode.OK, (await signedInAgain.GetAsync($"/api/v1/unions/{lanzhou}/settings")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await signedInAgain.GetAsync($"/api/v1/unions/{harbin}/settings")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task User_endpoints_refuse_anonymous_callers_and_every_role_but_the_platform_admin(string method, string path)
    {
        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Request(method, path))).StatusCode);
        foreach (var email in AuthorizationTests.NonAdmins)
        {
            using var client = await portal.SignedIn(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Request(method, path))).StatusCode);
        }
        using var page = new PageClient(portal.BaseAddress);
        await page.SignInAsync("province@demo.local");
        Assert.NotEqual(HttpStatusCode.OK, (await page.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_created_union_admin_is_bound_to_its_union_sets_the_password_from_the_mail_and_a_lock_ends_its_sign_in()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        var lanzhou = await portal.Query(db => db.Unions.Where(u => u.Name == "兰州市总工会").Select(u => u.Id).SingleAsync());
        var email = $"clerk-{Guid.NewGuid():N}@test.local";

        var refused = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email = "not-an-address", displayName = "", role = Roles.UnionAdmin });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(["displayName", "email", "unionId"], (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        var platformAdmin = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, displayName = "x", role = Roles.PlatformAdmin });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, platformAdmin.StatusCode); // no one creates another platform admin here

        var created = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, displayName = "兰州市总工会 王干事", role = Roles.UnionAdmin, unionId = lanzhou });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var again = await admin.PostAsJsonAsync("/api/v1/admin/users", new { email, displayName = "重复", role = Roles.Evaluator });
        Assert.Equal("该邮箱已注册", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("email")[0].GetString());

        // The person sets the password from the mailed link, then signs in as Lanzhou's union.
        var mail = Assert.Single(portal.MailsTo(email));
        var token = Uri.UnescapeDataString(ResetToken().Match(mail).Groups[1].Value);
        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/v1/account/password-reset/confirm", new { email, token, newPassword = PortalHost.Password })).StatusCode);
        using (var clerk = await portal.SignedIn(email))
            Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/v1/dashboard")).StatusCode);
        var listed = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/users?q={Uri.EscapeDataString(email)}");
        var row = Assert.Single(listed.GetProperty("items").EnumerateArray());
        Assert.Equal((Roles.UnionAdmin, "兰州市总工会", false), (row.GetProperty("role").GetString(), row.GetProperty("unionName").GetString(), row.GetProperty("locked").GetBoolean()));

        var id = row.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/admin/users/{id}/lock", new { locked = true })).StatusCode);
        var locked = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalHost.Password });
        Assert.Equal("auth.locked_out", (await locked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/v1/admin/users/{id}/lock", new { locked = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalHost.Password })).StatusCode);

        // Each of the admin's changes is in the account's audit trail, by the admin, its chain intact.
        var adminId = await portal.Query(db => db.Users.Where(u => u.Email == "admin@demo.local").Select(u => u.Id).SingleAsync());
        var trail = await portal.Query(db => db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == id).OrderBy(a => a.Sequence).ToListAsync());
        Assert.Equal(["AccountCreated", "AccountLockChanged", "AccountLockChanged"], trail.Select(a => a.Action));
        Assert.All(trail, a => Assert.Equal(adminId, a.ActorId));
        Assert.Null(Procurement.Silo.Hosting.AuditChain.FirstBroken(trail));
    }

    [GeneratedRegex(@"/account/reset\?email=[^&\s]+&token=([^\s]+)")]
    private static partial Regex ResetToken();
}
