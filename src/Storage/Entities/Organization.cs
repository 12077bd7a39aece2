using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>A social organization (社会组织) that bids for and delivers services.</summary>
public sealed class Organization : AggregateRoot
{
    public string Name { get; internal set; } = "";
    public OrganizationKind Kind { get; internal set; }
    public string? Uscc { get; internal set; }
    public string RegionCode { get; internal set; } = "";
    public string Description { get; internal set; } = "";
    public List<string> ServiceDomains { get; internal set; } = [];
    public List<string> ServiceRegions { get; internal set; } = [];
    public int CertifiedSocialWorkers { get; internal set; }
    public int Volunteers { get; internal set; }
    public string ContactName { get; internal set; } = "";
    public string ContactPhone { get; internal set; } = "";
    public OrganizationStatus Status { get; internal set; }
    public Guid? ApprovedByUnionId { get; internal set; }
    public DateTimeOffset RegisteredAt { get; internal set; }
    public DateTimeOffset? ApprovedAt { get; internal set; }
    /// <summary>The last return of the application (kept after a resubmission, so the union sees what was asked).</summary>
    public string? RejectionReason { get; internal set; }
    public Guid? RejectedByUnionId { get; internal set; }
    public DateTimeOffset? RejectedAt { get; internal set; }
    /// <summary>The application's documents (registration certificate, charter…), seen by the organization and the unions.</summary>
    public List<AttachedDocument> Documents { get; internal set; } = [];
}
