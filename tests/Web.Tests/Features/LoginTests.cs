using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features;

[Collection(PortalCollection.Name)]
public sealed class LoginTests(PortalHost portal)
{
    [Fact]
    public async Task Login_with_a_demo_account_returns_a_bearer_token_that_opens_admin_endpoints()
    {
        using var client = portal.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.local", password = PortalHost.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.True(body.GetProperty("expiresIn").GetInt32() > 0);

        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/jobs")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_problem_that_names_no_account_detail()
    {
        using var client = portal.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "admin@demo.local", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("auth.invalid", problem.GetProperty("code").GetString());
        Assert.False(problem.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task Missing_fields_are_reported_per_field()
    {
        using var client = portal.Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("email", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_with_a_stable_code_not_a_500()
    {
        using var client = portal.Anonymous();
        var response = await client.PostAsync("/api/v1/auth/login", new StringContent("{\"email\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("request.malformed", problem.GetProperty("code").GetString());
        Assert.DoesNotContain("Exception", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        var email = $"lockout-{Guid.NewGuid():N}@test.local";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var created = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "lockout" }, PortalHost.Password);
            Assert.True(created.Succeeded);
        }
        using var client = portal.Anonymous();
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "wrong-password" });

        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PortalHost.Password });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("auth.locked_out", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_portal_login_form_rejects_a_post_without_its_antiforgery_token()
    {
        using var client = portal.Anonymous();
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@demo.local", ["Password"] = PortalHost.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("procurement.auth")));
    }
}
