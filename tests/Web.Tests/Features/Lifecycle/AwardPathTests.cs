using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>The whole path over real HTTP: draft → published → sealed bids → deadline → evaluation → ranking → award → contract.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class AwardPathTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    [Fact]
    public async Task A_draft_becomes_a_contract_through_two_bids_the_deadline_five_evaluators_and_the_award_of_the_top_bid()
    {
        using var province = await life.As(Who.Province);
        var evaluators = await life.EvaluatorIds(5);
        JsonObject org1Bid = null!;
        Guid top = default, other = default;
        var (projectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            org1Bid = Bodies.Bid(draft, 180_000_00);
            top = await life.Bid(Who.Org1, id, org1Bid);
            other = await life.Bid(Who.Org2, id, Bodies.Bid(draft, 150_000_00));
            await life.AssignEvaluators(id, evaluators);
        }, brandId: await life.BrandId());

        // Evaluators were assigned before the deadline, so the scheduler's close goes straight to evaluation.
        Assert.Equal("Evaluating", await life.ClosedByTheScheduler(projectId));

        // Without trimming bid 2 would win (mean 80.48 against 79.24); dropping each bid's highest and lowest
        // evaluator turns the order round (80.40 against 79.83): the ranking itself shows the trim is applied.
        int[][] topScores = [[90, 85, 80], [70, 75, 60], [95, 90, 85], [88, 80, 92], [60, 65, 70]];
        int[][] otherScores = [[80, 70, 90], [85, 80, 75], [60, 70, 65], [75, 85, 80], [99, 98, 97]];
        Assert.Equal(new[] { 8575, 6925, 9075, 8620, 6425 }, topScores.Select(Bodies.Total));
        Assert.Equal(new[] { 7900, 8075, 6475, 7975, 9815 }, otherScores.Select(Bodies.Total));

        // Three declare first; the other two declare with their first score.
        for (var i = 0; i < 3; i++) await life.Declare(Who.Evaluators[i], projectId);
        for (var i = 0; i < 5; i++) await life.Score(Who.Evaluators[i], projectId, top, topScores[i], declareNoConflict: i >= 3);
        for (var i = 0; i < 4; i++) await life.Score(Who.Evaluators[i], projectId, other, otherScores[i]);

        // Evaluator 5 has not scored the second bid yet.
        var early = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = top });
        await early.AssertProblem(HttpStatusCode.Conflict, "award.evaluation_incomplete");

        await life.Score(Who.Evaluators[4], projectId, other, otherScores[4]);

        var ranking = await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking");
        var rows = ranking.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(top, rows[0].GetProperty("bidId").GetGuid());
        Assert.Equal(1, rows[0].GetProperty("rank").GetInt32());
        Assert.Equal((6925 + 8575 + 8620) / 3, rows[0].GetProperty("scoreCentipoints").GetInt32()); // 8040: 6425 and 9075 dropped
        Assert.Equal(9075 - 6425, rows[0].GetProperty("spreadCentipoints").GetInt32());
        Assert.Equal(other, rows[1].GetProperty("bidId").GetGuid());
        Assert.Equal(7983, rows[1].GetProperty("scoreCentipoints").GetInt32()); // (7900 + 7975 + 8075) / 3 = 7983.33
        Assert.Equal(9815 - 6475, rows[1].GetProperty("spreadCentipoints").GetInt32());
        var byEvaluator = rows[0].GetProperty("byEvaluator").EnumerateArray()
            .ToDictionary(e => e.GetProperty("evaluatorId").GetGuid(), e => e.GetProperty("totalCentipoints").GetInt32());
        Assert.Equal(evaluators.Select((id, i) => (id, Bodies.Total(topScores[i]))).OrderBy(x => x.id), byEvaluator.Select(kv => (kv.Key, kv.Value)).OrderBy(x => x.Key));
        Assert.All(ranking.GetProperty("evaluators").EnumerateArray(), e =>
        {
            Assert.True(e.GetProperty("declared").GetBoolean());
            Assert.Equal(2, e.GetProperty("scored").GetInt32());
        });

        // A lower-ranked bid needs a reason; refusing it changes nothing.
        var withoutReason = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = other });
        await withoutReason.AssertProblem(HttpStatusCode.UnprocessableEntity, "award.reason_required", "reason");
        Assert.Equal("Evaluating", (await life.Project(projectId)).GetProperty("status").GetString());
        Assert.Equal(0, await portal.Query(db => db.Contracts.CountAsync(c => c.ProjectId == projectId)));

        var award = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = top });
        Assert.Equal(HttpStatusCode.Created, award.StatusCode);
        var contractId = (await award.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/contracts/{contractId}", award.Headers.Location!.OriginalString);

        using var winner = await life.As(Who.Org1);
        var contract = await winner.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contractId}");
        Assert.Equal(projectId, contract.GetProperty("projectId").GetGuid());
        Assert.Equal(await life.OrganizationOf(Who.Org1), contract.GetProperty("organizationId").GetGuid());
        Assert.Equal(180_000_00, contract.GetProperty("amountFen").GetInt64());
        Assert.Equal("Active", contract.GetProperty("status").GetString());
        var milestones = contract.GetProperty("milestones").EnumerateArray().ToList();
        Assert.Equal(new[] { 1, 2 }, milestones.Select(m => m.GetProperty("sequence").GetInt32()));
        Assert.Equal(
            org1Bid["milestones"]!.AsArray().Select(m => (m!["deliverable"]!.GetValue<string>(), m["dueDate"]!.GetValue<string>(), m["sharePercent"]!.GetValue<int>())),
            milestones.Select(m => (m.GetProperty("deliverable").GetString()!, m.GetProperty("dueDate").GetString()!, m.GetProperty("sharePercent").GetInt32())));
        Assert.Equal(new[] { 72_000_00L, 108_000_00L }, milestones.Select(m => m.GetProperty("amountFen").GetInt64()));

        using var loser = await life.As(Who.Org2);
        var hidden = await loser.GetAsync($"/api/v1/contracts/{contractId}");
        await hidden.AssertProblem(HttpStatusCode.NotFound, "contract.not_found");

        using var anonymous = life.Anonymous();
        var published = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}");
        Assert.Equal("Awarded", published.GetProperty("status").GetString());
        Assert.Equal(top, published.GetProperty("award").GetProperty("bidId").GetGuid());
        Assert.Equal(180_000_00, published.GetProperty("award").GetProperty("amountFen").GetInt64());
        Assert.Equal(contractId, published.GetProperty("award").GetProperty("contractId").GetGuid());

        var again = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = top });
        await again.AssertProblem(HttpStatusCode.Conflict, "award.not_evaluating");
        Assert.Equal(1, await portal.Query(db => db.Contracts.CountAsync(c => c.ProjectId == projectId)));
    }

    [Fact]
    public async Task A_lower_ranked_bid_is_awarded_only_with_a_reason_which_the_intact_audit_trail_keeps()
    {
        using var province = await life.As(Who.Province);
        Guid top = default, cheaper = default;
        var (projectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            top = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 190_000_00));
            cheaper = await life.Bid(Who.Org3, id, Bodies.Bid(draft, 120_000_00));
        });

        // No evaluators yet: the deadline only closes bidding; assigning them opens the evaluation.
        Assert.Equal("BiddingClosed", await life.ClosedByTheScheduler(projectId));
        await life.AssignEvaluators(projectId, await life.EvaluatorIds(2));
        Assert.Equal("Evaluating", (await life.Project(projectId)).GetProperty("status").GetString());

        await life.Score(Who.Evaluators[0], projectId, top, [80, 80, 80], declareNoConflict: true);      // 8000
        await life.Score(Who.Evaluators[1], projectId, top, [71, 70, 70], declareNoConflict: true);      // 7040
        await life.Score(Who.Evaluators[0], projectId, cheaper, [70, 70, 70]);                           // 7000
        await life.Score(Who.Evaluators[1], projectId, cheaper, [75, 70, 71]);                           // 7225

        // Fewer than five evaluators: nothing is dropped; 7112.5 rounds half away from zero.
        var rows = (await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/ranking")).GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(new[] { (top, 7520), (cheaper, 7113) }, rows.Select(r => (r.GetProperty("bidId").GetGuid(), r.GetProperty("scoreCentipoints").GetInt32())));

        foreach (var reason in new[] { null, "   ", "低价" })
        {
            var refused = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = cheaper, reason });
            await refused.AssertProblem(HttpStatusCode.UnprocessableEntity, "award.reason_required", "reason");
        }
        Assert.Equal("Evaluating", (await life.Project(projectId)).GetProperty("status").GetString());

        const string Reason = "报价低三成且服务方案同样可行，经党组会议研究决定";
        var award = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = cheaper, reason = Reason });
        Assert.Equal(HttpStatusCode.Created, award.StatusCode);
        var contractId = (await award.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var trail = await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/audit");
        Assert.Equal(JsonValueKind.Null, trail.GetProperty("firstBroken").ValueKind);
        var entries = trail.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, entries.Count), entries.Select(e => e.GetProperty("sequence").GetInt32()));
        Assert.Equal(new[] { "ProjectDrafted", "ProjectPublished", "BidSubmitted", "BidSubmitted", "BiddingClosed", "EvaluatorsAssigned" },
            entries.Take(6).Select(e => e.GetProperty("action").GetString()));
        var awarded = Assert.Single(entries, e => e.GetProperty("action").GetString() == "ProjectAwarded");
        Assert.Equal(awarded.GetProperty("sequence").GetInt32(), entries.Count);
        var data = JsonDocument.Parse(awarded.GetProperty("data").GetString()!).RootElement;
        Assert.Equal(Reason, data.GetProperty("reason").GetString());
        Assert.Equal(cheaper, data.GetProperty("bidId").GetGuid());
        Assert.Equal(contractId, data.GetProperty("contractId").GetGuid());
        Assert.False(string.IsNullOrEmpty(awarded.GetProperty("actor").GetString()));

        var detail = await life.Project(projectId);
        Assert.Equal(Reason, detail.GetProperty("award").GetProperty("reason").GetString());
        using var winner = await life.As(Who.Org3);
        Assert.Equal(120_000_00, (await winner.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contractId}")).GetProperty("amountFen").GetInt64());
    }
}
