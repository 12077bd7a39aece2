using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// Three projects under evaluation, closed by the scheduler together (one wait per class):
/// <list type="bullet">
/// <item><see cref="Scored"/>: bids by org1 and org2; evaluator 1, the only one assigned, declared and scored both, so the award may proceed.</item>
/// <item><see cref="HalfScored"/>: a bid by org1; evaluator 3 declared and scored it, evaluator 2 is assigned but has not declared yet.</item>
/// <item><see cref="Undeclared"/>: a bid by org1; evaluator 2 is assigned and never declares.</item>
/// </list>
/// </summary>
public sealed class ProjectsUnderEvaluation(LifecyclePortal portal) : IAsyncLifetime
{
    public static readonly int[] FirstScores = [80, 70, 60];
    public static readonly int[] SecondScores = [60, 70, 80];

    public Guid Scored { get; private set; }
    public Guid ScoredTop { get; private set; }
    public Guid ScoredOther { get; private set; }
    public Guid HalfScored { get; private set; }
    public Guid HalfScoredBid { get; private set; }
    public Guid Undeclared { get; private set; }
    public Guid UndeclaredBid { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var life = new Lifecycle(portal);
        var evaluators = await life.EvaluatorIds(3);
        // The three projects are separate grains, so they are opened side by side and closed by one wait.
        await Task.WhenAll(
            life.OpenForBids(async (id, draft) =>
            {
                Scored = id;
                ScoredTop = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
                ScoredOther = await life.Bid(Who.Org2, id, Bodies.Bid(draft, 160_000_00));
                await life.AssignEvaluators(id, [evaluators[0]]);
            }),
            life.OpenForBids(async (id, draft) =>
            {
                HalfScored = id;
                HalfScoredBid = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
                await life.AssignEvaluators(id, [evaluators[1], evaluators[2]]);
            }),
            life.OpenForBids(async (id, draft) =>
            {
                Undeclared = id;
                UndeclaredBid = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
                await life.AssignEvaluators(id, [evaluators[1]]);
            }));
        foreach (var id in new[] { Scored, HalfScored, Undeclared })
            Assert.Equal("Evaluating", await life.ClosedByTheScheduler(id));

        await life.Score(Who.Evaluators[0], Scored, ScoredTop, FirstScores, declareNoConflict: true);
        await life.Score(Who.Evaluators[0], Scored, ScoredOther, SecondScores);
        await life.Score(Who.Evaluators[2], HalfScored, HalfScoredBid, FirstScores, declareNoConflict: true);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Scores, declarations, evaluator assignments and awards that break a rule: refused, and nothing changes.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class EvaluationInputTests(LifecyclePortal portal, ProjectsUnderEvaluation target) : IClassFixture<ProjectsUnderEvaluation>
{
    private readonly Lifecycle life = new(portal);

    private Task<Dictionary<(Guid, Guid), int>> Scores(Guid projectId) => portal.Query(db =>
        db.BidScores.AsNoTracking().Where(s => db.Bids.Any(b => b.Id == s.BidId && b.ProjectId == projectId))
            .ToDictionaryAsync(s => (s.BidId, s.EvaluatorId), s => s.TotalCentipoints));

    private Task<(bool Declared, bool Conflict)> Declaration(Guid projectId, Guid evaluatorId) => portal.Query(db =>
        db.EvaluatorAssignments.AsNoTracking().Where(a => a.ProjectId == projectId && a.EvaluatorId == evaluatorId)
            .Select(a => new ValueTuple<bool, bool>(a.DeclaredNoConflictAt != null, a.ConflictDeclared)).SingleAsync());

    public static TheoryData<string, string> BrokenScores => new()
    {
        { "a score of 101", """{"scores":[{"criterion":"服务方案","score":101},{"criterion":"团队能力","score":70},{"criterion":"经费合理性","score":60}]}""" },
        { "a score of -1", """{"scores":[{"criterion":"服务方案","score":-1},{"criterion":"团队能力","score":70},{"criterion":"经费合理性","score":60}]}""" },
        { "a criterion left out", """{"scores":[{"criterion":"服务方案","score":90},{"criterion":"团队能力","score":70}]}""" },
        { "a criterion the project does not have", """{"scores":[{"criterion":"服务方案","score":90},{"criterion":"团队能力","score":70},{"criterion":"经费合理性","score":60},{"criterion":"颜值","score":100}]}""" },
        { "a criterion scored twice", """{"scores":[{"criterion":"服务方案","score":90},{"criterion":"服务方案","score":10},{"criterion":"团队能力","score":70},{"criterion":"经费合理性","score":60}]}""" },
        { "no scores", """{"scores":[]}""" },
        { "scores missing", """{}""" },
    };

    [Theory]
    [MemberData(nameof(BrokenScores))]
    public async Task Broken_scores_are_refused_with_errors_on_scores_and_the_earlier_score_stands(string what, string body)
    {
        var before = await Scores(target.Scored);
        using var evaluator = await life.As(Who.Evaluators[0]);
        var response = await evaluator.PostAsync($"/api/v1/projects/{target.Scored}/bids/{target.ScoredTop}/scores", Json.Raw(body));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "scores");
        Assert.True(before.SequenceEqual(await Scores(target.Scored)), what);
        Assert.Equal(Bodies.Total(ProjectsUnderEvaluation.FirstScores), before[(target.ScoredTop, await life.UserId(Who.Evaluators[0]))]);
    }

    [Fact]
    public async Task Broken_scores_with_a_declaration_neither_score_nor_declare()
    {
        var evaluatorId = await life.UserId(Who.Evaluators[1]);
        using var evaluator = await life.As(Who.Evaluators[1]);
        var response = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.Undeclared}/bids/{target.UndeclaredBid}/scores", Bodies.Scores([101, 50, 50], declareNoConflict: true));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "scores");
        Assert.Equal((false, false), await Declaration(target.Undeclared, evaluatorId));
        Assert.Empty(await Scores(target.Undeclared));
    }

    [Fact]
    public async Task Scoring_before_declaring_no_conflict_is_refused()
    {
        using var evaluator = await life.As(Who.Evaluators[1]);
        var response = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.Undeclared}/bids/{target.UndeclaredBid}/scores", Bodies.Scores([90, 90, 90]));
        await response.AssertProblem(HttpStatusCode.Forbidden, "evaluation.declaration_required");
        Assert.Empty(await Scores(target.Undeclared));
    }

    [Fact]
    public async Task A_score_that_is_null_is_refused_as_input_not_a_server_error()
    {
        var before = await Scores(target.Scored);
        using var evaluator = await life.As(Who.Evaluators[0]);
        var response = await evaluator.PostAsync($"/api/v1/projects/{target.Scored}/bids/{target.ScoredTop}/scores",
            Json.Raw("""{"scores":[{"criterion":"服务方案","score":90},{"criterion":"团队能力","score":70},{"criterion":"经费合理性","score":60},null]}"""));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "scores");
        Assert.True(before.SequenceEqual(await Scores(target.Scored)));
    }

    [Fact]
    public async Task Scoring_a_bid_the_project_does_not_have_is_a_404()
    {
        var before = await Scores(target.Scored);
        using var evaluator = await life.As(Who.Evaluators[0]);
        // Another project's bid is no bid of this one.
        foreach (var bidId in new[] { Guid.NewGuid(), target.HalfScoredBid })
        {
            var response = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.Scored}/bids/{bidId}/scores", Bodies.Scores([90, 90, 90]));
            await response.AssertProblem(HttpStatusCode.NotFound, "bid.not_found");
        }
        Assert.True(before.SequenceEqual(await Scores(target.Scored)));
    }

    [Fact]
    public async Task A_declaration_is_made_once()
    {
        using var evaluator = await life.As(Who.Evaluators[0]);
        var again = await evaluator.PostAsJsonAsync($"/api/v1/projects/{target.Scored}/declaration", new { hasConflict = true });
        await again.AssertProblem(HttpStatusCode.Conflict, "evaluation.already_declared");
        Assert.Equal((true, false), await Declaration(target.Scored, await life.UserId(Who.Evaluators[0])));
    }

    public static TheoryData<string> BrokenAssignments => new() { "nobody", "an organization member", "a union admin", "someone unknown", "sixteen evaluators" };

    [Theory]
    [MemberData(nameof(BrokenAssignments))]
    public async Task Assigning_anyone_but_known_evaluators_is_refused_and_the_panel_stays(string what)
    {
        var panel = await portal.Query(db => db.EvaluatorAssignments.Where(a => a.ProjectId == target.Scored).Select(a => a.EvaluatorId).ToListAsync());
        var evaluator = await life.UserId(Who.Evaluators[0]);
        Guid[] ids = what switch
        {
            "nobody" => [],
            "an organization member" => [evaluator, await life.UserId(Who.Org1)],
            "a union admin" => [evaluator, await life.UserId(Who.Province)],
            "someone unknown" => [evaluator, Guid.NewGuid()],
            _ => [.. await life.EvaluatorIds(5), .. Enumerable.Range(0, 11).Select(_ => Guid.NewGuid())],
        };
        using var province = await life.As(Who.Province);
        var response = await province.PostAsJsonAsync($"/api/v1/projects/{target.Scored}/evaluators", new { evaluatorIds = ids });
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "evaluatorIds");
        Assert.Equal(panel, await portal.Query(db => db.EvaluatorAssignments.Where(a => a.ProjectId == target.Scored).Select(a => a.EvaluatorId).ToListAsync()));
    }

    [Fact]
    public async Task Awarding_a_bid_the_project_does_not_have_is_refused_with_errors_on_bid_id()
    {
        using var province = await life.As(Who.Province);
        foreach (var bidId in new[] { Guid.NewGuid(), Guid.Empty, target.HalfScoredBid })
        {
            var response = await province.PostAsJsonAsync($"/api/v1/projects/{target.Scored}/award", new { bidId, reason = "授标理由足够长的说明" });
            await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "bid.not_found", "bidId");
        }
        var malformed = await province.PostAsync($"/api/v1/projects/{target.Scored}/award", Json.Raw("{\"bidId\": \"the best one\"}"));
        await malformed.AssertProblem(HttpStatusCode.BadRequest);
        var tooLong = await province.PostAsJsonAsync($"/api/v1/projects/{target.Scored}/award", new { bidId = target.ScoredOther, reason = new string('因', 2001) });
        await tooLong.AssertProblem(HttpStatusCode.UnprocessableEntity, "award.reason_required", "reason");

        Assert.Equal((ProjectStatus.Evaluating, 2, 2), await life.Row(target.Scored));
        Assert.Equal(0, await portal.Query(db => db.Contracts.CountAsync(c => c.ProjectId == target.Scored)));
    }

    [Fact]
    public async Task The_ranking_of_a_single_evaluator_is_that_evaluator_s_weighted_total()
    {
        using var province = await life.As(Who.Province);
        var rows = (await province.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{target.Scored}/ranking")).GetProperty("rows").EnumerateArray().ToList();
        // 80×40 + 70×35 + 60×25 = 7150 against 60×40 + 70×35 + 80×25 = 6850.
        Assert.Equal(new[] { (target.ScoredTop, 7150, 0), (target.ScoredOther, 6850, 0) },
            rows.Select(r => (r.GetProperty("bidId").GetGuid(), r.GetProperty("scoreCentipoints").GetInt32(), r.GetProperty("spreadCentipoints").GetInt32())));
    }

    [Fact]
    public async Task The_award_waits_for_an_assigned_evaluator_who_has_not_declared_yet()
    {
        using var province = await life.As(Who.Province);
        var response = await province.PostAsJsonAsync($"/api/v1/projects/{target.HalfScored}/award", new { bidId = target.HalfScoredBid });
        await response.AssertProblem(HttpStatusCode.Conflict, "award.evaluation_incomplete");
        Assert.Equal((ProjectStatus.Evaluating, 1, 1), await life.Row(target.HalfScored));
    }
}
