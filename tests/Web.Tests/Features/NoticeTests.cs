using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;
using Procurement.Web.Features.Notices;

namespace Procurement.Web.Tests.Features;

/// <summary>通知: each person's own notices, their unread count (in the menu, live), marking read, and the e-mail and new-project settings.</summary>
[Collection(PortalCollection.Name)]
public sealed class NoticeTests(PortalHost portal)
{
    private Task NotifyAsync(Guid userId, string subject, string title = "第四季度评估即将截止", string link = "/reviews") =>
        portal.Query(async db =>
        {
            await using var scope = portal.Services.CreateAsyncScope();
            return await ActivatorUtilities.CreateInstance<Notifier>(scope.ServiceProvider, db)
                .NotifyAsync([userId], NoticeKinds.ReviewDue, subject, title, link, CancellationToken.None);
        });

    private static async Task<int> UnreadAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/unread")).GetProperty("count").GetInt32();

    [Fact]
    public async Task A_person_counts_and_marks_read_only_their_own_notices()
    {
        var (me, myEmail) = await portal.NewUserAsync(Roles.Evaluator);
        var (other, otherEmail) = await portal.NewUserAsync(Roles.Evaluator);
        foreach (var subject in new[] { "a", "b", "c" }) await NotifyAsync(me, subject);
        await NotifyAsync(other, "a");
        var othersNotice = await portal.Query(db => db.Notifications.Where(n => n.UserId == other).Select(n => n.Id).SingleAsync());
        using var client = await portal.SignedIn(myEmail);

        Assert.Equal(3, await UnreadAsync(client));
        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal(3, listed.GetArrayLength());
        Assert.All(listed.EnumerateArray(), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind));

        // Someone else's notice is not there to be marked (404, and it stays unread).
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/notifications/{othersNotice}/read", null)).StatusCode);
        Assert.Null(await portal.Query(db => db.Notifications.Where(n => n.Id == othersNotice).Select(n => n.ReadAt).SingleAsync()));

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{listed[0].GetProperty("id").GetGuid()}/read", null)).StatusCode);
        Assert.Equal(2, await UnreadAsync(client));
        var all = await client.PostAsync("/api/v1/notifications/read-all", null);
        Assert.Equal(2, (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("marked").GetInt32());
        Assert.Equal(0, await UnreadAsync(client));

        using var otherClient = await portal.SignedIn(otherEmail);
        Assert.Equal(1, await UnreadAsync(otherClient));
    }

    public static TheoryData<string, string> Endpoints => new()
    {
        { "GET", "/api/v1/notifications" }, { "GET", "/api/v1/notifications/unread" }, { "POST", $"/api/v1/notifications/{Guid.NewGuid()}/read" },
        { "POST", "/api/v1/notifications/read-all" }, { "GET", "/api/v1/notifications/settings" }, { "PUT", "/api/v1/notifications/settings" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Notice_endpoints_refuse_anonymous_callers_with_401(string method, string path)
    {
        using var client = portal.Anonymous();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT") request.Content = JsonContent.Create(new { emailOff = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Settings_refuse_unknown_kinds_a_watch_by_someone_who_cannot_bid_and_too_many_regions_all_at_once_and_keep_nothing()
    {
        var (_, email) = await portal.NewUserAsync(Roles.Evaluator);
        using var client = await portal.SignedIn(email);

        var refused = await client.PutAsJsonAsync("/api/v1/notifications/settings", new
        {
            // contract-signed is an organization's kind: an evaluator has nothing to turn off there.
            emailOff = new[] { NoticeKinds.ReviewDue, NoticeKinds.ContractSigned },
            watchProjects = true,
            watchRegions = Enumerable.Range(1, Notices.MaxWatched + 1).Select(i => $"区{i}").ToArray(),
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["emailOff", "watchProjects", "watchRegions"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal("只有社会组织的成员可以订阅新项目提醒", errors.GetProperty("watchProjects")[0].GetString());
        var kept = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/settings");
        Assert.Equal(0, kept.GetProperty("emailOff").GetArrayLength());
        Assert.False(kept.GetProperty("watchProjects").GetBoolean());
    }

    [Fact]
    public async Task An_organization_member_watches_new_projects_by_category_and_region_as_typed_trimmed_and_once()
    {
        var organization = await portal.Query(db => db.Organizations.Where(o => o.Status == OrganizationStatus.Approved).Select(o => o.Id).FirstAsync());
        var (_, email) = await portal.NewUserAsync(Roles.OrganizationMember, organizationId: organization);
        using var client = await portal.SignedIn(email);

        var saved = await client.PutAsJsonAsync("/api/v1/notifications/settings", new
        {
            emailOff = new[] { NoticeKinds.PaymentReleased },
            watchProjects = true,
            watchCategories = new[] { " 心理援助 ", "心理援助", "" },
            watchRegions = new[] { "城关区", " 七里河区" },
        });

        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var settings = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications/settings");
        Assert.Equal([NoticeKinds.PaymentReleased], settings.GetProperty("emailOff").EnumerateArray().Select(e => e.GetString()));
        Assert.True(settings.GetProperty("watchProjects").GetBoolean());
        Assert.Equal(["心理援助"], settings.GetProperty("watchCategories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["城关区", "七里河区"], settings.GetProperty("watchRegions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_menu_counts_unread_notices_and_opening_one_marks_it_read_and_goes_where_it_points()
    {
        var (me, email) = await portal.NewUserAsync(Roles.Evaluator);
        await NotifyAsync(me, "open-me", "请完成第四季度评估", "/reviews");
        await NotifyAsync(me, "second", "第二条提醒", "/workbench");
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(email);

        var page = await (await browser.GetAsync("/notifications")).Content.ReadAsStringAsync();
        Assert.Contains("aria-label=\"2 条未读通知\"", page);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(page, "<li class=\"unread\">").Count);
        var id = await portal.Query(db => db.Notifications.Where(n => n.UserId == me && n.Title == "请完成第四季度评估").Select(n => n.Id).SingleAsync());

        var opened = await browser.GetAsync($"/notifications?handler=Open&id={id}");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal("/reviews", opened.Headers.Location!.OriginalString);
        page = await (await browser.GetAsync("/notifications")).Content.ReadAsStringAsync();
        Assert.Contains("aria-label=\"1 条未读通知\"", page);
        // On a phone the menu is folded: its button carries the count too.
        Assert.Matches("class=\"menu-toggle\"[^>]*>\\s*菜单\\s*<span class=\"badge unread\" data-unread[^>]*aria-label=\"1 条未读通知\"", page);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<li class=\"unread\">"));

        var all = await browser.PostFormAsync("/notifications?handler=ReadAll", new Dictionary<string, string>(), "/notifications");
        Assert.Equal(HttpStatusCode.Redirect, all.StatusCode);
        page = await (await browser.GetAsync("/notifications")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<li class=\"unread\">", page);
        Assert.Contains("data-unread hidden", page);

        // Another person's notice cannot be opened (nor marked) through this page.
        var (other, _) = await portal.NewUserAsync(Roles.Evaluator);
        await NotifyAsync(other, "not-yours");
        var theirs = await portal.Query(db => db.Notifications.Where(n => n.UserId == other).Select(n => n.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync($"/notifications?handler=Open&id={theirs}")).StatusCode);
    }

    [Fact]
    public async Task The_settings_page_saves_the_kinds_left_ticked_and_shows_a_refusal_beside_its_field()
    {
        var organization = await portal.Query(db => db.Organizations.Where(o => o.Status == OrganizationStatus.Approved).Select(o => o.Id).FirstAsync());
        var (me, email) = await portal.NewUserAsync(Roles.OrganizationMember, organizationId: organization);
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(email);
        var form = await (await browser.GetAsync("/notifications/settings")).Content.ReadAsStringAsync();
        foreach (var kind in NoticeKinds.All.Where(k => k.Roles.Contains(Roles.OrganizationMember)))
            Assert.Contains($"value=\"{kind.Key}\" checked=\"checked\"", form);
        Assert.DoesNotContain($"value=\"{NoticeKinds.BidReceived}\"", form); // a union's kind

        // Every organization kind ticked but payments: payments are no longer mailed.
        var ticked = NoticeKinds.All.Where(k => k.Roles.Contains(Roles.OrganizationMember) && k.Key != NoticeKinds.PaymentReleased)
            .Select(k => KeyValuePair.Create("Input.EmailOn", k.Key)).Append(KeyValuePair.Create("Input.WatchRegions", "城关区，七里河区"));
        var saved = await browser.PostFormAsync("/notifications/settings", ticked);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stored = await portal.Query(db => db.NoticeSettings.AsNoTracking().SingleAsync(s => s.UserId == me));
        Assert.Equal([NoticeKinds.PaymentReleased], stored.EmailOff);
        Assert.Equal(["城关区", "七里河区"], stored.WatchRegions);

        var tooMany = string.Join("、", Enumerable.Range(1, Notices.MaxWatched + 1).Select(i => $"区{i}"));
        var refused = await browser.PostFormAsync("/notifications/settings", [KeyValuePair.Create("Input.WatchRegions", tooMany)]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("data-valmsg-for=\"Input.WatchRegions\" data-valmsg-replace=\"true\">最多 30 项，每项不超过 50 个字</span>", await refused.Content.ReadAsStringAsync());
        Assert.Equal(["城关区", "七里河区"], (await portal.Query(db => db.NoticeSettings.AsNoTracking().SingleAsync(s => s.UserId == me))).WatchRegions);
    }

    [Fact]
    public async Task New_notices_reach_only_their_person_open_pages_live()
    {
        var (me, myEmail) = await portal.NewUserAsync(Roles.Evaluator);
        var (_, otherEmail) = await portal.NewUserAsync(Roles.Evaluator);
        await using var mine = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(myEmail));
        await using var theirs = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(otherEmail));

        await NotifyAsync(me, "live");

        Assert.True(await Poll.UntilAsync(() => mine.NoticeSignals == 1, TimeSpan.FromSeconds(15)));
        await Task.Delay(300); // the other had the same time to hear of it
        Assert.Equal(0, theirs.NoticeSignals);
    }
}
