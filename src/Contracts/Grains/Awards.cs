using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

public static class Awards
{
    /// <summary>
    /// The union confirms the award and the contract is created from the awarded bid: two grains, one after the other.
    /// Both steps are idempotent (the project answers a repeated command with its first result, the contract grain keeps
    /// the contract it has), so a retry after a failure between them finishes the second; a consumer of
    /// <c>ProjectAwarded</c> finishes it too if the caller never comes back. Returns the contract's id.
    /// </summary>
    public static async Task<Guid> AwardAsync(this IGrainFactory grains, Guid projectId, Guid bidId, string? reason, Actor actor)
    {
        var contractId = await grains.GetGrain<IProjectGrain>(projectId).Award(bidId, reason, actor);
        await grains.GetGrain<IContractGrain>(contractId).CreateFromAward(projectId, bidId);
        return contractId;
    }
}
