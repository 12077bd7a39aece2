using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>
/// An evaluator's declared ties to organizations (回避申报: employment, family, a past contract…), keyed by the evaluator's
/// account id. A tie to a bidder, or to a contract's organization, makes a declaration of no conflict impossible.
/// </summary>
[Alias("evaluator")]
public interface IEvaluatorGrain : IGrainWithGuidKey
{
    /// <summary>The evaluator declares (or re-describes) a tie to an organization.</summary>
    Task DeclareTie(Guid organizationId, string nature, Actor actor);

    /// <summary>The evaluator withdraws a tie that has ended.</summary>
    Task WithdrawTie(Guid organizationId, Actor actor);
}

public static class EvaluatorLimits
{
    /// <summary>The longest description of a tie.</summary>
    public const int NatureLength = 200;

    /// <summary>Ties one evaluator may declare (more is a list nobody reads).</summary>
    public const int MaxTies = 50;
}
