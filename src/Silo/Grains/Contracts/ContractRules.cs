using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Contracts;

/// <summary>Milestone payments and report rules, pure so a unit test needs no host.</summary>
public static class ContractRules
{
    public const int MaxEvidence = 10;

    /// <summary>A milestone's payment: its share of the amount, the last milestone taking what rounding left, so shares always pay the whole amount.</summary>
    public static long MilestoneAmount(long contractFen, IReadOnlyList<(int Sequence, int SharePercent)> milestones, int sequence)
    {
        var last = milestones.Max(m => m.Sequence);
        if (sequence != last) return contractFen * milestones.Single(m => m.Sequence == sequence).SharePercent / 100;
        return contractFen - milestones.Where(m => m.Sequence != last).Sum(m => contractFen * m.SharePercent / 100);
    }

    public static long MilestoneAmount(Contract c, Milestone m) =>
        MilestoneAmount(c.AmountFen, [.. c.Milestones.Select(x => (x.Sequence, x.SharePercent))], m.Sequence);

    public static void CheckReport(MilestoneReport r) =>
        new FieldChecks()
            .Require(r.BeneficiariesServed is >= 0 and <= 10_000_000, "beneficiariesServed", "out_of_range")
            .Require(r.SessionsHeld is >= 0 and <= 1_000_000, "sessionsHeld", "out_of_range")
            .Amount(r.ExpenditureFen, "expenditureFen", allowZero: true)
            .Text(r.Narrative, "narrative", 8000)
            .Require(r.Evidence is { Count: <= MaxEvidence }, "evidence", "too_many")
            .ThrowIfAny();

    public static void CheckOpenForDelivery(Contract c)
    {
        if (c.Status is not (ContractStatus.Active or ContractStatus.Rectifying))
            throw RuleViolation.Conflict("contract.closed", "The contract is completed or terminated.");
    }
}

/// <summary>Quarterly review rules: weights, grades and quarters (China time).</summary>
public static class ReviewRules
{
    /// <summary>Service quality, KPI achievement, beneficiary satisfaction, financial compliance, documentation.</summary>
    public static readonly IReadOnlyList<int> DefaultWeights = [30, 30, 20, 10, 10];
    public static readonly TimeSpan ScoringWindow = TimeSpan.FromDays(21);

    public static int Total(IReadOnlyList<int> weights, IReadOnlyList<int> scores) => weights.Zip(scores, (w, s) => w * s).Sum();

    /// <summary>Bands of Chinese public performance evaluation on the 100-point scale, in centipoints.</summary>
    public static ReviewGrade Grade(int centipoints) => centipoints switch
    {
        >= 9000 => ReviewGrade.Excellent,
        >= 8000 => ReviewGrade.Good,
        >= 6000 => ReviewGrade.Pass,
        _ => ReviewGrade.Fail,
    };

    public static void CheckScores(ReviewScoresInput? s) =>
        new FieldChecks().Require(s is not null && s.InOrder().All(x => x is >= 0 and <= 100), "scores", "evaluation.score_range")
            .Require(s?.Comments is null || (s.Comments.Count <= s.InOrder().Count && s.Comments.All(c => c is null || c.Length <= ReviewScoresInput.CommentLength)),
                "comments", "review.comment_too_long")
            .ThrowIfAny();
}
