using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>Bids are sealed until the deadline: only the bidder reads its own; the union learns only how many there are.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class SealedBidTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    private sealed record Seen(int Status, bool? Sealed, int? Count, List<Guid> Bids, string Text);

    private static async Task<Seen> BidsAs(HttpClient client, Guid projectId)
    {
        var response = await client.GetAsync($"/api/v1/projects/{projectId}/bids");
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) return new Seen((int)response.StatusCode, null, null, [], text);
        var body = JsonDocument.Parse(text).RootElement;
        return new Seen(200, body.GetProperty("sealed").GetBoolean(),
            body.GetProperty("count").ValueKind == JsonValueKind.Null ? null : body.GetProperty("count").GetInt32(),
            [.. body.GetProperty("bids").EnumerateArray().Select(b => b.GetProperty("id").GetGuid())], text);
    }

    [Fact]
    public async Task Before_the_deadline_only_the_bidder_reads_its_bid_and_only_the_owning_union_and_the_platform_admin_see_a_count()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromMinutes(10));
        var org1Plan = Bodies.Bid(draft, 150_000_00);
        var org2Plan = Bodies.Bid(draft, 160_000_00);
        var org1Bid = await life.Bid(Who.Org1, projectId, org1Plan);
        var org2Bid = await life.Bid(Who.Org2, projectId, org2Plan);
        await life.AssignEvaluators(projectId, await life.EvaluatorIds(1));
        var secret1 = org1Plan["plan"]!.GetValue<string>();
        var secret2 = org2Plan["plan"]!.GetValue<string>();

        using (var org1 = await life.As(Who.Org1))
        {
            var seen = await BidsAs(org1, projectId);
            Assert.Equal((200, true, (int?)null), (seen.Status, seen.Sealed, seen.Count));
            Assert.Equal([org1Bid], seen.Bids);
            Assert.Contains(secret1, seen.Text);
            Assert.DoesNotContain(secret2, seen.Text);
        }
        using (var org2 = await life.As(Who.Org2))
            Assert.Equal([org2Bid], (await BidsAs(org2, projectId)).Bids);

        foreach (var email in new[] { Who.Org3, Who.Evaluators[0], Who.Evaluators[1], Who.Lanzhou, Who.City })
        {
            using var client = await life.As(email);
            var seen = await BidsAs(client, projectId);
            Assert.True(seen is { Status: 200, Sealed: true, Count: null, Bids: [] }, $"{email} saw {seen.Text}");
        }
        using (var anonymous = life.Anonymous())
        {
            var seen = await BidsAs(anonymous, projectId);
            Assert.True(seen is { Status: 200, Sealed: true, Count: null, Bids: [] }, $"anonymous saw {seen.Text}");
        }
        foreach (var email in new[] { Who.Province, Who.Admin })
        {
            using var client = await life.As(email);
            var seen = await BidsAs(client, projectId);
            Assert.True(seen is { Status: 200, Sealed: true, Count: 2, Bids: [] }, $"{email} saw {seen.Text}");
            Assert.DoesNotContain(secret1, seen.Text);
            Assert.DoesNotContain(secret2, seen.Text);
        }
    }

    [Fact]
    public async Task A_bid_reaches_the_bidder_s_live_feed_in_full_the_union_s_as_a_count_and_nobody_else_s_and_its_activity_line_is_not_public()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromMinutes(10));
        await using var bidder = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(Who.Org1));
        await using var union = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(Who.Province));
        await using var otherOrganization = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(Who.Org2));
        await using var otherUnion = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor(Who.Lanzhou));
        await using var anonymous = await HubClient.ConnectAsync(portal.BaseAddress, null);

        var bidId = await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 150_000_00));

        bool IsThisBid(JsonElement e) => e.GetProperty("kind").GetString() == "BidSubmitted"
            && e.GetProperty("data").GetProperty("projectId").GetGuid() == projectId;
        var full = await bidder.WaitForAsync(IsThisBid, TimeSpan.FromSeconds(15));
        Assert.Equal(bidId, full!.Value.GetProperty("data").GetProperty("bidId").GetGuid());
        var count = await union.WaitForAsync(IsThisBid, TimeSpan.FromSeconds(5));
        Assert.Equal(1, count!.Value.GetProperty("data").GetProperty("bidCount").GetInt32());
        // The line names the project (public since its publication), so the union's page can say which one got a bid.
        Assert.Equal(draft["title"]!.GetValue<string>(), count.Value.GetProperty("data").GetProperty("title").GetString());
        Assert.False(count.Value.GetProperty("data").TryGetProperty("bidId", out _), "the union learnt which bid it was");
        Assert.False(count.Value.GetProperty("data").TryGetProperty("organizationId", out _), "the union learnt who bid");

        await Task.Delay(500); // the others had the same time to receive it
        foreach (var outsider in new[] { otherOrganization, otherUnion, anonymous })
            Assert.DoesNotContain(outsider.Events, e => e.GetProperty("data").TryGetProperty("projectId", out var id) && id.GetGuid() == projectId
                && e.GetProperty("kind").GetString() != nameof(Contracts.Messages.ProjectPublished));
        var activity = await Eventually.Get(() => portal.Query(db => db.Activities.Where(a => a.ProjectId == projectId && a.Kind == "BidSubmitted")
            .Select(a => a.IsPublic).ToListAsync()), lines => lines.Count > 0);
        Assert.Equal([false], activity);
    }

    [Fact]
    public async Task The_project_page_shows_the_bid_count_to_the_owning_union_only()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromMinutes(10));
        await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 150_000_00));

        using (var anonymous = life.Anonymous())
        {
            var detail = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}");
            Assert.Equal("Published", detail.GetProperty("status").GetString());
            Assert.Null(detail.OptionalString("bidCount"));
            var list = await anonymous.GetStringAsync($"/api/v1/projects?q={Uri.EscapeDataString(draft["title"]!.GetValue<string>())}");
            Assert.Contains(projectId.ToString(), list);
            Assert.DoesNotContain("bidCount", list);
        }
        foreach (var email in new[] { Who.Org1, Who.Org2, Who.Evaluators[0], Who.Lanzhou, Who.City })
        {
            using var client = await life.As(email);
            Assert.True((await client.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).OptionalString("bidCount") is null, email);
        }
        Assert.Equal("1", (await life.Project(projectId, Who.Province)).OptionalString("bidCount"));
    }

    [Fact]
    public async Task Before_the_deadline_the_union_s_audit_trail_does_not_name_the_bidders()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromMinutes(10));
        await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 150_000_00));
        var organization = await life.OrganizationOf(Who.Org1);
        var name = await portal.Query(db => db.Organizations.Where(o => o.Id == organization).Select(o => o.Name).SingleAsync());

        using var province = await life.As(Who.Province);
        var response = await province.GetAsync($"/api/v1/projects/{projectId}/audit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();

        // The union may learn that a bid arrived (the count), not from whom: BidSubmitted's own contract says so.
        Assert.Contains("BidSubmitted", text);
        Assert.DoesNotContain(organization.ToString(), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(organization.ToString("N"), text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(name, text);
    }

    [Fact]
    public async Task After_the_deadline_the_union_and_declared_evaluators_read_every_live_bid_but_an_undeclared_evaluator_reads_none()
    {
        var evaluators = await life.EvaluatorIds(2);
        Guid org1Bid = default, org2Bid = default;
        var (projectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            org1Bid = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
            org2Bid = await life.Bid(Who.Org2, id, Bodies.Bid(draft, 160_000_00));
            await life.AssignEvaluators(id, evaluators);
        });
        Assert.Equal("Evaluating", await life.ClosedByTheScheduler(projectId));

        using var undeclared = await life.As(Who.Evaluators[0]);
        var before = await BidsAs(undeclared, projectId);
        Assert.True(before is { Status: 200, Sealed: false, Count: null, Bids: [] }, before.Text);

        await life.Declare(Who.Evaluators[0], projectId);
        var after = await BidsAs(undeclared, projectId);
        Assert.Equal((false, (int?)2), (after.Sealed, after.Count));
        Assert.Equal(new[] { org1Bid, org2Bid }.Order(), after.Bids.Order());

        foreach (var email in new[] { Who.Evaluators[1], Who.Evaluators[2], Who.Org3, Who.Lanzhou })
        {
            using var client = await life.As(email);
            var seen = await BidsAs(client, projectId);
            Assert.True(seen is { Status: 200, Count: null, Bids: [] }, $"{email} saw {seen.Text}");
        }
        using (var anonymous = life.Anonymous())
            Assert.Empty((await BidsAs(anonymous, projectId)).Bids);
        using (var org1 = await life.As(Who.Org1))
            Assert.Equal([org1Bid], (await BidsAs(org1, projectId)).Bids);
        using (var province = await life.As(Who.Province))
        {
            var seen = await BidsAs(province, projectId);
            Assert.Equal((false, (int?)2), (seen.Sealed, seen.Count));
            Assert.Equal(new[] { org1Bid, org2Bid }.Order(), seen.Bids.Order());
        }
    }
}
