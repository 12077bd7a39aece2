using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

public static class Awards
{
    /// <summary>The longest award publicity a union may set, in working days.</summary>
    public const int MaxPublicityWorkingDays = 15;

    /// <summary>
    /// The union chooses the award (<see cref="IProjectGrain.ProposeAward"/>); when it is final at once, the contract is
    /// created from the awarded bid right after. Both steps are idempotent (the project answers a repeated command with its
    /// first result, the contract grain keeps the contract it has), so a retry after a failure between them finishes the
    /// second; a consumer of <c>ProjectAwarded</c> finishes it too if the caller never comes back.
    /// </summary>
    public static async Task<AwardOutcome> AwardAsync(this IGrainFactory grains, Guid projectId, Guid bidId, string? reason, Actor actor) =>
        await WithContractAsync(grains, projectId, await grains.GetGrain<IProjectGrain>(projectId).ProposeAward(bidId, reason, actor));

    /// <summary>Concludes an award whose publicity has ended (<see cref="IProjectGrain.ConcludeAward"/>) and creates its contract; null when nothing was due.</summary>
    public static async Task<AwardOutcome?> ConcludeAwardAsync(this IGrainFactory grains, Guid projectId) =>
        await grains.GetGrain<IProjectGrain>(projectId).ConcludeAward() is { } outcome ? await WithContractAsync(grains, projectId, outcome) : null;

    private static async Task<AwardOutcome> WithContractAsync(IGrainFactory grains, Guid projectId, AwardOutcome outcome)
    {
        if (outcome.ContractId is { } contractId) await grains.GetGrain<IContractGrain>(contractId).CreateFromAward(projectId, outcome.BidId);
        return outcome;
    }
}
