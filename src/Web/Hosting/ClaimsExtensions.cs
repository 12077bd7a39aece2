using System.Security.Claims;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;

namespace Procurement.Web.Hosting;

/// <summary>The claims a signed-in user carries beyond Identity's own, and the <see cref="Actor"/> built from them.</summary>
public static class PortalClaims
{
    public const string UnionId = "procurement:union_id";
    public const string UnionPath = "procurement:union_path";
    /// <summary>The region code prefix a union admin's union covers (<see cref="Contact.RegionPrefix"/>): the applications it decides.</summary>
    public const string UnionRegion = "procurement:union_region";
    public const string OrganizationId = "procurement:organization_id";
    public const string DisplayName = "procurement:display_name";

    public static Guid? UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static string? Role(this ClaimsPrincipal user) =>
        Roles.All.FirstOrDefault(user.IsInRole);

    public static Guid? GuidClaim(this ClaimsPrincipal user, string type) =>
        Guid.TryParse(user.FindFirstValue(type), out var id) ? id : null;

    public static string? UnionPathOf(this ClaimsPrincipal user) => user.FindFirstValue(UnionPath);

    /// <summary>The signed-in person's name as the reader sees it (<see cref="Names.Of"/>).</summary>
    public static string Name(this ClaimsPrincipal user) => Names.Of(user.FindFirstValue(DisplayName) ?? user.Identity?.Name);

    /// <summary>The actor for commands; only called on authenticated endpoints.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.UserId() ?? throw new InvalidOperationException("Not signed in."),
        user.Role() ?? "",
        user.GuidClaim(UnionId),
        user.UnionPathOf(),
        user.GuidClaim(OrganizationId));
}
