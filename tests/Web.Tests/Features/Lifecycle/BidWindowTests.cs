using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>Until the deadline a bid can be amended and withdrawn, one live bid per organization; after it, nothing moves.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class BidWindowTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    private Task<List<(Guid Id, BidStatus Status, string Plan, long Amount)>> Bids(Guid projectId) => portal.Query(async db =>
        (await db.Bids.AsNoTracking().Where(b => b.ProjectId == projectId).OrderBy(b => b.SubmittedAt).ToListAsync())
            .Select(b => (b.Id, b.Status, b.Plan, b.AmountFen)).ToList());

    private async Task<int> AuditCount(Guid projectId, string action)
    {
        using var province = await life.As(Who.Province);
        var trail = await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/audit");
        return trail.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("action").GetString() == action);
    }

    [Fact]
    public async Task A_bid_is_amended_in_place_withdrawn_and_submitted_again_as_a_new_bid()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromDays(3));
        using var org1 = await life.As(Who.Org1);

        var first = await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 150_000_00, plan: "第一版方案"));
        var amended = await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 140_000_00, plan: "修改后的方案"));
        Assert.Equal(first, amended);
        Assert.Equal([(first, BidStatus.Submitted, "修改后的方案", 140_000_00L)], await Bids(projectId));
        Assert.Equal((ProjectStatus.Published, 1, 1), await life.Row(projectId));

        var withdraw = await org1.DeleteAsync($"/api/v1/projects/{projectId}/bids/{first}");
        Assert.Equal(HttpStatusCode.NoContent, withdraw.StatusCode);
        Assert.Equal([(first, BidStatus.Withdrawn, "修改后的方案", 140_000_00L)], await Bids(projectId));
        Assert.Equal((ProjectStatus.Published, 0, 1), await life.Row(projectId));
        Assert.Equal("0", (await life.Project(projectId)).OptionalString("bidCount"));

        var twice = await org1.DeleteAsync($"/api/v1/projects/{projectId}/bids/{first}");
        await twice.AssertProblem(HttpStatusCode.NotFound, "bid.not_found");
        Assert.Equal((ProjectStatus.Published, 0, 1), await life.Row(projectId));

        var again = await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 130_000_00, plan: "重新提交的方案"));
        Assert.NotEqual(first, again);
        Assert.Equal([(first, BidStatus.Withdrawn, "修改后的方案", 140_000_00L), (again, BidStatus.Submitted, "重新提交的方案", 130_000_00L)], await Bids(projectId));
        Assert.Equal((ProjectStatus.Published, 1, 2), await life.Row(projectId));

        // The organization reads both, the live one and the withdrawn one; the union still only counts the live one.
        var mine = await org1.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/bids");
        Assert.Equal(new[] { "Withdrawn", "Submitted" }, mine.GetProperty("bids").EnumerateArray().Select(b => b.GetProperty("status").GetString()));
        Assert.Equal("1", (await life.Project(projectId)).OptionalString("bidCount"));
    }

    [Fact]
    public async Task Withdrawing_names_a_bid_and_a_bid_id_that_is_not_the_organization_s_live_bid_withdraws_nothing()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromDays(3));
        var org1Bid = await life.Bid(Who.Org1, projectId, Bodies.Bid(draft, 150_000_00));
        await life.Bid(Who.Org2, projectId, Bodies.Bid(draft, 160_000_00));
        using var org2 = await life.As(Who.Org2);

        // org2 names org1's bid, then a bid that does not exist: neither is org2's to withdraw.
        foreach (var bidId in new[] { org1Bid, Guid.NewGuid() })
        {
            var response = await org2.DeleteAsync($"/api/v1/projects/{projectId}/bids/{bidId}");
            await response.AssertProblem(HttpStatusCode.NotFound, "bid.not_found");
        }
        Assert.Equal(new[] { BidStatus.Submitted, BidStatus.Submitted }, (await Bids(projectId)).Select(b => b.Status));
        Assert.Equal((ProjectStatus.Published, 2, 2), await life.Row(projectId));
    }

    [Fact]
    public async Task After_the_deadline_bids_are_neither_accepted_nor_amended_nor_withdrawn()
    {
        Guid bid = default;
        var (projectId, draft) = await life.OpenForBids(async (id, d) => bid = await life.Bid(Who.Org1, id, Bodies.Bid(d, 150_000_00, plan: "截止前的方案")));
        Assert.Equal("BiddingClosed", await life.ClosedByTheScheduler(projectId));
        var before = await Bids(projectId);

        using var org1 = await life.As(Who.Org1);
        using var org2 = await life.As(Who.Org2);
        await (await Lifecycle.PostBid(org2, projectId, Bodies.Bid(draft, 120_000_00))).AssertProblem(HttpStatusCode.Conflict, "bid.deadline_passed");
        await (await Lifecycle.PostBid(org1, projectId, Bodies.Bid(draft, 100_000_00, plan: "截止后的修改"))).AssertProblem(HttpStatusCode.Conflict, "bid.deadline_passed");
        await (await org1.DeleteAsync($"/api/v1/projects/{projectId}/bids/{bid}")).AssertProblem(HttpStatusCode.Conflict, "bid.deadline_passed");

        Assert.Equal(before, await Bids(projectId));
        Assert.Equal([(bid, BidStatus.Submitted, "截止前的方案", 150_000_00L)], before);
        Assert.Equal((ProjectStatus.BiddingClosed, 1, 1), await life.Row(projectId));
    }

    [Fact]
    public async Task Repeating_a_bid_with_the_same_idempotency_key_returns_the_same_bid_and_changes_nothing()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromDays(3));
        using var org1 = await life.As(Who.Org1);
        var key = Guid.NewGuid().ToString();
        var body = Bodies.Bid(draft, 150_000_00);

        var first = await Lifecycle.PostBid(org1, projectId, body, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var updatedAt = await portal.Query(db => db.Bids.Where(b => b.Id == id).Select(b => b.UpdatedAt).SingleAsync());

        var repeat = await Lifecycle.PostBid(org1, projectId, body, key);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(id, (await repeat.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        Assert.Equal((ProjectStatus.Published, 1, 1), await life.Row(projectId));
        Assert.Equal(updatedAt, await portal.Query(db => db.Bids.Where(b => b.Id == id).Select(b => b.UpdatedAt).SingleAsync()));
        Assert.Equal(1, await AuditCount(projectId, "BidSubmitted"));

        // Without the key the same body is an amendment: it is recorded again (which is what the key spares a retry).
        Assert.Equal(id, await life.Bid(Who.Org1, projectId, body));
        Assert.Equal(2, await AuditCount(projectId, "BidSubmitted"));
        Assert.Equal((ProjectStatus.Published, 1, 1), await life.Row(projectId));
    }

    [Fact]
    public async Task A_retried_bid_after_a_withdrawal_does_not_bring_the_bid_back()
    {
        var (projectId, draft) = await life.Published(TimeSpan.FromDays(3));
        using var org1 = await life.As(Who.Org1);
        var key = Guid.NewGuid().ToString();
        var body = Bodies.Bid(draft, 150_000_00);

        var first = await Lifecycle.PostBid(org1, projectId, body, key);
        var id = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await org1.DeleteAsync($"/api/v1/projects/{projectId}/bids/{id}")).StatusCode);

        // A late retry of the first request (same key) is the same request, not a new bid.
        var retry = await Lifecycle.PostBid(org1, projectId, body, key);
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal((ProjectStatus.Published, 0, 1), await life.Row(projectId));
    }
}
