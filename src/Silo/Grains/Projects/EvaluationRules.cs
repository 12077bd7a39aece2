using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Projects;

/// <summary>A bid's place in the ranking: its project score, each evaluator's total and their spread, in centipoints (100.00 = 10000).</summary>
public sealed record RankedBid(Bid Bid, int? Score, IReadOnlyList<BidScore> ByEvaluator, int Spread);

/// <summary>How bids are scored and ranked, pure so a unit test needs no host.</summary>
public static class EvaluationRules
{
    public const int MaxEvaluators = 15;
    /// <summary>With this many evaluators or more, the highest and the lowest total are dropped (common Chinese practice).</summary>
    public const int TrimFrom = 5;

    /// <summary>An evaluator's weighted total for one bid: Σ score × weight, in centipoints since the weights sum to 100.</summary>
    public static int WeightedTotal(IReadOnlyList<Criterion> criteria, IReadOnlyList<CriterionScore> scores) =>
        criteria.Sum(c => c.Weight * scores.Single(s => s.Criterion == c.Name).Score);

    /// <summary>The project score of a bid: the mean of the evaluators' totals, trimmed at five or more, rounded half away from zero.</summary>
    public static int? ProjectScore(IReadOnlyCollection<int> totals)
    {
        if (totals.Count == 0) return null;
        var kept = totals.Order().ToList();
        if (kept.Count >= TrimFrom) kept = kept.Skip(1).Take(kept.Count - 2).ToList();
        return (int)Math.Round(kept.Sum() / (decimal)kept.Count, MidpointRounding.AwayFromZero);
    }

    /// <summary>Live bids best first: higher score, then the lower amount, then the earlier submission.</summary>
    public static IReadOnlyList<RankedBid> Rank(Project p) =>
        [.. p.Bids.Where(b => b.Status == BidStatus.Submitted)
            .Select(b =>
            {
                var totals = b.Scores.Select(s => s.TotalCentipoints).ToList();
                return new RankedBid(b, ProjectScore(totals), b.Scores, totals.Count == 0 ? 0 : totals.Max() - totals.Min());
            })
            .OrderByDescending(r => r.Score ?? -1).ThenBy(r => r.Bid.AmountFen).ThenBy(r => r.Bid.SubmittedAt)];

    /// <summary>The points a criterion can be given.</summary>
    public const int MinScore = 0, MaxScore = 100;

    public static bool InRange(int? score) => score is >= MinScore and <= MaxScore;

    public static void CheckScores(Project p, IReadOnlyList<CriterionScoreInput>? scores)
    {
        var checks = new FieldChecks().Require(scores is { Count: > 0 }, "scores", "required")
            .Require(scores is null || scores.All(s => s is not null), "scores", "invalid");
        if (scores is { Count: > 0 } && scores.All(s => s is not null))
        {
            checks.Require(scores.All(s => InRange(s.Score)), "scores", "evaluation.score_range")
                .Require(scores.Select(s => s.Criterion).Distinct().Count() == scores.Count, "scores", "evaluation.criterion_twice")
                .Require(p.Criteria.All(c => scores.Any(s => s.Criterion == c.Name)) && scores.All(s => p.Criteria.Any(c => c.Name == s.Criterion)),
                    "scores", "evaluation.criteria_mismatch");
        }
        checks.ThrowIfAny();
    }

    /// <summary>The award needs every active evaluator's score on every live bid; another than the top bid needs a reason.</summary>
    public static void CheckAward(Project p, Guid bidId, string? reason)
    {
        if (p.Status != ProjectStatus.Evaluating)
            throw RuleViolation.Conflict("award.not_evaluating", "A project is awarded only after its bids have been evaluated.");
        // Every assigned evaluator without a declared conflict must have scored: one who has not yet declared holds the award.
        var active = p.Evaluators.Where(e => !e.ConflictDeclared).Select(e => e.EvaluatorId).ToHashSet();
        var ranking = Rank(p);
        if (active.Count == 0 || ranking.Any(r => !active.All(id => r.ByEvaluator.Any(s => s.EvaluatorId == id))))
            throw RuleViolation.Conflict("award.evaluation_incomplete", "Every evaluator must score every bid before the award.");
        if (ranking.All(r => r.Bid.Id != bidId))
            throw new RuleViolation("bid.not_found", "The bid does not exist.", ViolationKind.Invalid, new Dictionary<string, string[]> { ["bidId"] = ["bid.not_found"] });
        if (ranking[0].Bid.Id != bidId)
            new FieldChecks().Require(reason is { Length: >= 5 and <= 2000 } && !string.IsNullOrWhiteSpace(reason), "reason", "award.reason_required")
                .ThrowIfAny("award.reason_required");
    }
}
