namespace Procurement.Contracts.Grains;

/// <summary>A service contract between a union and an organization, keyed by the contract id.</summary>
public interface IContractGrain : IGrainWithGuidKey
{
    /// <summary>Creates the contract from an awarded bid, with the bid's amount and milestones.</summary>
    Task CreateFromAward(Guid projectId, Guid bidId);
}
