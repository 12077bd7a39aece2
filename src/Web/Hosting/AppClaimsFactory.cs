using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Web.Hosting;

/// <summary>Adds the union (with its tree path and the region prefix it covers) and organization a user is bound to, so every read can filter by them in the query.</summary>
public sealed class AppClaimsFactory(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, ProcurementDb db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName));
        if (user.UnionId is { } unionId)
        {
            var union = await db.Unions.Where(u => u.Id == unionId).Select(u => new { u.Path, u.RegionCode }).FirstAsync();
            identity.AddClaim(new Claim(PortalClaims.UnionId, unionId.ToString()));
            identity.AddClaim(new Claim(PortalClaims.UnionPath, union.Path));
            identity.AddClaim(new Claim(PortalClaims.UnionRegion, Contracts.Domain.Contact.RegionPrefix(union.RegionCode)));
        }
        if (user.OrganizationId is { } organizationId)
            identity.AddClaim(new Claim(PortalClaims.OrganizationId, organizationId.ToString()));
        return identity;
    }
}
