using Microsoft.AspNetCore.Identity;

namespace Procurement.Storage.Entities;

/// <summary>A person who signs in. A UnionAdmin is bound to one union, an OrganizationMember to one organization.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";
    public Guid? UnionId { get; set; }
    public Guid? OrganizationId { get; set; }
}
