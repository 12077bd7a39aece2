using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// Award publicity (中标公示) over HTTP on a Harbin project (the platform's three working days): the proposed award is public
/// with every bidder's score and the evaluators' names, bidders object, the union answers, an upheld objection sends the
/// project back to evaluation and another bid is proposed. The end of the period is the Silo tests' (a moved clock).
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class AwardPublicityTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    /// <summary>A Harbin project under evaluation with three bids (org1 on top, org2, org3) scored by two evaluators.</summary>
    private async Task<(Guid Project, Guid Top, Guid Second, Guid Third)> EvaluatedAsync()
    {
        var evaluators = await life.EvaluatorIds(2);
        Guid top = default, second = default, third = default;
        var (projectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            top = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 180_000_00));
            second = await life.Bid(Who.Org2, id, Bodies.Bid(draft, 150_000_00));
            third = await life.Bid(Who.Org3, id, Bodies.Bid(draft, 170_000_00));
            await life.AssignEvaluators(id, evaluators);
        }, unionId: await life.Harbin());
        Assert.Equal("Evaluating", await life.ClosedByTheScheduler(projectId));
        for (var i = 0; i < 2; i++)
        {
            await life.Score(Who.Evaluators[i], projectId, top, [90, 90, 90], declareNoConflict: true);
            await life.Score(Who.Evaluators[i], projectId, second, [80, 80, 80]);
            await life.Score(Who.Evaluators[i], projectId, third, [70, 70, 70]);
        }
        return (projectId, top, second, third);
    }

    private static MultipartFormDataContent Objection(string? reason, params (string Name, byte[] Content)[] files)
    {
        var form = new MultipartFormDataContent();
        if (reason is not null) form.Add(new StringContent(reason), "reason");
        foreach (var (name, content) in files)
        {
            var file = new ByteArrayContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(file, "attachment", name);
        }
        return form;
    }

    private Task<(ProjectStatus Status, int Objections, int Open, int Contracts)> State(Guid projectId) => portal.Query(async db =>
    {
        var p = await db.Projects.AsNoTracking().SingleAsync(x => x.Id == projectId);
        return (p.Status, p.Objections.Count, p.OpenObjections, await db.Contracts.CountAsync(c => c.ProjectId == projectId));
    });

    [Fact]
    public async Task A_proposed_award_is_published_for_three_working_days_objected_to_upheld_and_another_bid_proposed()
    {
        var (projectId, top, second, _) = await EvaluatedAsync();
        using var province = await life.As(Who.Province);
        using var org1 = await life.As(Who.Org1);
        using var org2 = await life.As(Who.Org2);
        using var org3 = await life.As(Who.Org3);

        var proposed = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = top });
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var outcome = await proposed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("contractId").ValueKind);
        Assert.Equal((ProjectStatus.AwardProposed, 0, 0, 0), await State(projectId));

        // Public: the proposed winner, every bidder's score, the evaluators' names; the period is three working days from
        // the next day, ending at midnight China time.
        using var anonymous = life.Anonymous();
        var award = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).GetProperty("award");
        var proposedAt = award.GetProperty("proposedAt").GetDateTimeOffset();
        var endsAt = award.GetProperty("publicityEndsAt").GetDateTimeOffset();
        Assert.Equal(ChinaTime.AfterWorkingDays(proposedAt, 3, new HashSet<DateOnly>(), new HashSet<DateOnly>()), endsAt);
        Assert.Equal(endsAt, outcome.GetProperty("publicityEndsAt").GetDateTimeOffset());
        Assert.True(endsAt - proposedAt >= TimeSpan.FromDays(3), $"{proposedAt:o} → {endsAt:o}");
        Assert.Equal(TimeSpan.Zero, endsAt.ToChina().TimeOfDay);
        Assert.Equal(top, award.GetProperty("bidId").GetGuid());
        Assert.Equal(JsonValueKind.Null, award.GetProperty("contractId").ValueKind);
        Assert.Equal(new[] { (1, 9000), (2, 8000), (3, 7000) },
            award.GetProperty("ranking").EnumerateArray().Select(r => (r.GetProperty("rank").GetInt32(), r.GetProperty("scoreCentipoints").GetInt32())));
        Assert.Equal(2, award.GetProperty("evaluators").GetArrayLength());

        // Who may not object, and bad objections, change nothing.
        await (await org1.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("我方对自己中标有异议"))).AssertProblem(HttpStatusCode.Forbidden, "objection.own_award");
        using var evaluator = await life.As(Who.Evaluators[0]);
        Assert.Equal(HttpStatusCode.Forbidden, (await evaluator.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("评审专家不应质疑"))).StatusCode);
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("  "))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "reason");
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection(new string('议', 2001)))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "reason");
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("附件不是图片", ("notes.txt", "plain text"u8.ToArray()))))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "attachment");
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("两个附件", ("a.png", TestFiles.Png), ("b.png", TestFiles.Png))))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "attachment");
        Assert.Equal((ProjectStatus.AwardProposed, 0, 0, 0), await State(projectId));

        var filed = await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("拟中标单位的持证社工人数与投标文件不符", ("evidence.png", TestFiles.Png)));
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var objectionId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("再次质疑"))).AssertProblem(HttpStatusCode.Conflict, "objection.already_filed");
        Assert.Equal((ProjectStatus.AwardProposed, 1, 1, 0), await State(projectId));

        // The union reads it with its attachment; the objector its own; another bidder none of it; a non-bidder nothing.
        var seen = await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/objections");
        var item = Assert.Single(seen.GetProperty("items").EnumerateArray());
        Assert.Equal("拟中标单位的持证社工人数与投标文件不符", item.GetProperty("reason").GetString());
        Assert.True(seen.GetProperty("canAnswer").GetBoolean());
        var attachment = $"/api/v1/projects/{projectId}/objections/{objectionId}/attachment";
        Assert.Equal(TestFiles.Png, await province.GetByteArrayAsync(attachment));
        Assert.Equal(TestFiles.Png, await org2.GetByteArrayAsync(attachment));
        Assert.Equal(HttpStatusCode.NotFound, (await org1.GetAsync(attachment)).StatusCode);
        Assert.Empty((await org1.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/objections")).GetProperty("items").EnumerateArray());
        Assert.Single((await org2.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/objections")).GetProperty("items").EnumerateArray());
        using var notBidder = await life.As(Who.Evaluators[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await notBidder.GetAsync($"/api/v1/projects/{projectId}/objections")).StatusCode);
        Assert.Equal(1, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).GetProperty("award").GetProperty("openObjections").GetInt32());

        // The project's own union (Harbin) is told; an answer without an outcome or a reason is refused.
        using var city = await life.As(Who.City);
        await Eventually.Get(() => Kinds(city), k => k.Contains(("objection-filed", $"/projects/{projectId}/objections")));
        var answer = $"/api/v1/projects/{projectId}/objections/{objectionId}/answer";
        await (await province.PostAsJsonAsync(answer, new { answer = "经核查属实" })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "upheld");
        await (await province.PostAsJsonAsync(answer, new { upheld = true, answer = "" })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "answer");
        Assert.Equal(HttpStatusCode.Forbidden, (await org2.PostAsJsonAsync(answer, new { upheld = true, answer = "自己答复" })).StatusCode);
        Assert.Equal((ProjectStatus.AwardProposed, 1, 1, 0), await State(projectId));

        // Upheld: the proposal is withdrawn, the project is under evaluation again, the objector is told.
        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsJsonAsync(answer, new { upheld = true, answer = "经核查，拟中标单位持证社工人数不足，质疑成立" })).StatusCode);
        Assert.Equal((ProjectStatus.Evaluating, 1, 0, 0), await State(projectId));
        Assert.Equal(JsonValueKind.Null, (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).GetProperty("award").ValueKind);
        await (await province.PostAsJsonAsync(answer, new { upheld = false, answer = "改判" })).AssertProblem(HttpStatusCode.Conflict, "objection.answered");
        await Eventually.Get(() => Kinds(org2), k => k.Contains(("objection-answered", $"/projects/{projectId}/objections")));
        var answered = Assert.Single((await org2.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/objections")).GetProperty("items").EnumerateArray());
        Assert.Equal(("Upheld", "经核查，拟中标单位持证社工人数不足，质疑成立"), (answered.GetProperty("outcome").GetString(), answered.GetProperty("answer").GetString()));

        // Another award (not the top bid: a reason) is published afresh; now org1 may object, org2 (the proposed winner) may not.
        var again = await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = second, reason = "原排名第一的单位资格不符，依次递补" });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await org1.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("递补程序有误"))).StatusCode);
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("无"))).AssertProblem(HttpStatusCode.Forbidden, "objection.own_award");
        Assert.Equal((ProjectStatus.AwardProposed, 2, 1, 0), await State(projectId));
        await Eventually.Get(() => Kinds(org3), k => k.Count(x => x == ("award-proposed", $"/projects/{projectId}")) == 2);

        var trail = (await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}/audit")).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()).Where(a => a is "AwardProposed" or "ObjectionFiled" or "ObjectionAnswered" or "AwardWithdrawn");
        Assert.Equal(["AwardProposed", "ObjectionFiled", "ObjectionAnswered", "AwardWithdrawn", "AwardProposed", "ObjectionFiled"], trail);
    }

    [Fact]
    public async Task A_dismissed_objection_keeps_the_proposed_award_and_objections_after_cancellation_are_refused()
    {
        var (projectId, top, _, _) = await EvaluatedAsync();
        using var province = await life.As(Who.Province);
        using var org3 = await life.As(Who.Org3);
        Assert.Equal(HttpStatusCode.Accepted, (await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/award", new { bidId = top })).StatusCode);

        var filed = await org3.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("评分标准适用不一致"));
        var objectionId = (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/objections/{objectionId}/answer",
            new { upheld = false, answer = "评分标准在招标文件中载明，各专家适用一致" })).StatusCode);
        Assert.Equal((ProjectStatus.AwardProposed, 1, 0, 0), await State(projectId));

        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsJsonAsync($"/api/v1/projects/{projectId}/cancel", new { reason = "上级资金计划调整，项目终止" })).StatusCode);
        using var org2 = await life.As(Who.Org2);
        await (await org2.PostAsync($"/api/v1/projects/{projectId}/objections", Objection("终止后质疑"))).AssertProblem(HttpStatusCode.Conflict, "objection.not_in_publicity");
        Assert.Equal((ProjectStatus.Cancelled, 1, 0, 0), await State(projectId));
    }

    [Fact]
    public async Task A_union_sets_its_own_publicity_and_no_one_else_can()
    {
        var harbin = await life.Harbin();
        using var city = await life.As(Who.City);
        var settings = $"/api/v1/unions/{harbin}/settings";
        var before = await city.GetFromJsonAsync<JsonElement>(settings);
        Assert.Equal((JsonValueKind.Null, 3), (before.GetProperty("awardPublicityWorkingDays").ValueKind, before.GetProperty("defaultWorkingDays").GetInt32()));

        await (await city.PutAsJsonAsync(settings, new { awardPublicityWorkingDays = 16 })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "awardPublicityWorkingDays");
        await (await city.PutAsJsonAsync(settings, new { awardPublicityWorkingDays = -1 })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "awardPublicityWorkingDays");
        // A union below cannot set the province's; another province's admin does not see Harbin's settings at all.
        await (await city.PutAsJsonAsync($"/api/v1/unions/{await life.Heilongjiang()}/settings", new { awardPublicityWorkingDays = 5 }))
            .AssertProblem(HttpStatusCode.Forbidden, "union.admin_only");
        using var lanzhou = await life.As(Who.Lanzhou);
        Assert.Equal(HttpStatusCode.NotFound, (await lanzhou.GetAsync(settings)).StatusCode);
        await (await lanzhou.PutAsJsonAsync(settings, new { awardPublicityWorkingDays = 5 })).AssertProblem(HttpStatusCode.Forbidden, "union.admin_only");
        Assert.Null(await portal.Query(db => db.Unions.Where(u => u.Id == harbin).Select(u => u.AwardPublicityWorkingDays).SingleAsync()));

        // The province above may set Harbin's; the change is audited; null returns to the platform's default.
        await life.SetAwardPublicity(Who.Province, harbin, 5);
        Assert.Equal(5, (await city.GetFromJsonAsync<JsonElement>(settings)).GetProperty("awardPublicityWorkingDays").GetInt32());
        Assert.Equal(1, await portal.Query(db => db.AuditTrail.CountAsync(a => a.AggregateId == harbin && a.Action == "UnionSettingsChanged")));
        await life.SetAwardPublicity(Who.City, harbin, null);
        Assert.Null(await portal.Query(db => db.Unions.Where(u => u.Id == harbin).Select(u => u.AwardPublicityWorkingDays).SingleAsync()));
    }

    private static async Task<List<(string Kind, string Link)>> Kinds(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications")).EnumerateArray()
            .Select(n => (n.GetProperty("kind").GetString()!, n.GetProperty("link").GetString()!))];
}
