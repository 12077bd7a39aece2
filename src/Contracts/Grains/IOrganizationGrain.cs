using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A social organization, keyed by its id.</summary>
[Alias("organization")]
public interface IOrganizationGrain : IGrainWithGuidKey
{
    /// <summary>Registers the organization (USCC checked for registered ones); it waits for a union's approval.</summary>
    Task Register(OrganizationRegistration registration, Actor actor);

    /// <summary>A union whose region covers the organization's admits it to its circle of providers.</summary>
    Task Approve(Actor actor);

    /// <summary>A union whose region covers the organization's returns its application with a reason.</summary>
    Task Reject(string reason, Actor actor);

    /// <summary>A member corrects a pending or returned application; it awaits a decision again.</summary>
    Task Resubmit(OrganizationRegistration registration, Actor actor);

    /// <summary>A member attaches a document (registration certificate, charter…) for the deciding union to read; returns its id.</summary>
    Task<Guid> AddDocument(EvidenceInput file, Actor actor);

    /// <summary>A member removes one of the organization's documents.</summary>
    Task RemoveDocument(Guid documentId, Actor actor);
}
