using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features;

/// <summary>A person's own password: changed with the current one, or reset through a mailed one-time link.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccountTests(PortalHost portal)
{
    private const string NewPassword = "Renewed#2026pw";

    private async Task<HttpStatusCode> LoginAsync(string email, string password)
    {
        using var client = portal.Anonymous();
        return (await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password })).StatusCode;
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task A_password_is_changed_only_with_the_current_one_and_only_to_one_the_rules_accept()
    {
        var (_, email) = await portal.NewUserAsync(Roles.Evaluator);
        using var client = await portal.SignedIn(email);

        var wrong = await ErrorsAsync(await client.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "not-it-at-all", newPassword = NewPassword }));
        Assert.Equal(["currentPassword"], wrong.EnumerateObject().Select(e => e.Name));
        var weak = await ErrorsAsync(await client.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = PortalHost.Password, newPassword = "short" }));
        Assert.Equal(["newPassword"], weak.EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(email, PortalHost.Password));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = PortalHost.Password, newPassword = NewPassword })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(email, PortalHost.Password));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(email, NewPassword));

        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/account/password", new { currentPassword = "x", newPassword = NewPassword })).StatusCode);
    }

    [Fact]
    public async Task A_reset_link_is_mailed_only_to_an_account_works_once_and_says_the_same_for_an_unknown_address()
    {
        var (_, email) = await portal.NewUserAsync(Roles.Evaluator);
        using var anonymous = portal.Anonymous();
        var unknown = $"nobody-{Guid.NewGuid():N}@test.local";
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/v1/account/password-reset", new { email = unknown })).StatusCode);
        Assert.Empty(portal.MailsTo(unknown));

        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/v1/account/password-reset", new { email })).StatusCode);
        var mail = Assert.Single(portal.MailsTo(email));
        var link = ResetLink().Match(mail);
        Assert.True(link.Success, mail);
        var token = Uri.UnescapeDataString(link.Groups["token"].Value);

        var altered = await ErrorsAsync(await anonymous.PostAsJsonAsync("/api/v1/account/password-reset/confirm", new { email, token = token[..^2] + "xx", newPassword = NewPassword }));
        Assert.Equal(["token"], altered.EnumerateObject().Select(e => e.Name));
        var weak = await ErrorsAsync(await anonymous.PostAsJsonAsync("/api/v1/account/password-reset/confirm", new { email, token, newPassword = "short" }));
        Assert.Equal(["newPassword"], weak.EnumerateObject().Select(e => e.Name));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(email, PortalHost.Password));

        // Through the page the link opens: the new password works, the old one no longer, and the link is spent.
        using var browser = new PageClient(portal.BaseAddress);
        var path = $"/account/reset?email={Uri.EscapeDataString(email)}&token={Uri.EscapeDataString(token)}";
        var reset = await browser.PostFormAsync(path, new() { ["Email"] = email, ["Token"] = token, ["NewPassword"] = NewPassword });
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(email, NewPassword));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(email, PortalHost.Password));
        var again = await ErrorsAsync(await anonymous.PostAsJsonAsync("/api/v1/account/password-reset/confirm", new { email, token, newPassword = "Another#2026pw" }));
        Assert.Equal(["token"], again.EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task The_forgot_page_answers_the_same_whether_or_not_the_address_has_an_account()
    {
        var (_, email) = await portal.NewUserAsync(Roles.Evaluator);
        string Sent(string html) => Regex.Match(html, "data-testid=\"reset-sent\">([^<]+)<").Groups[1].Value;
        using var browser = new PageClient(portal.BaseAddress);
        var known = await (await browser.PostFormAsync("/account/forgot", new() { ["Email"] = email })).Content.ReadAsStringAsync();
        var unknown = await (await browser.PostFormAsync("/account/forgot", new() { ["Email"] = $"nobody-{Guid.NewGuid():N}@test.local" })).Content.ReadAsStringAsync();
        Assert.NotEmpty(Sent(known));
        Assert.Equal(Sent(known), Sent(unknown));
        Assert.Single(portal.MailsTo(email));
    }

    [GeneratedRegex(@"/account/reset\?email=[^&\s]+&token=(?<token>[^\s]+)")]
    private static partial Regex ResetLink();
}
