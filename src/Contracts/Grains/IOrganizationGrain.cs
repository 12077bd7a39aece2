using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A social organization, keyed by its id.</summary>
[Alias("organization")]
public interface IOrganizationGrain : IGrainWithGuidKey
{
    /// <summary>Registers the organization (USCC checked for registered ones); it waits for a union's approval.</summary>
    Task Register(OrganizationRegistration registration, Actor actor);

    /// <summary>A union admits the organization to its circle of providers.</summary>
    Task Approve(Actor actor);
}
