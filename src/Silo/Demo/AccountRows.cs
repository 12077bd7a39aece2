using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo;

/// <summary>
/// Writes demo accounts straight into the Identity tables, the way <c>UserManager</c> would store them, so that a Silo
/// process (which hosts no Identity services) can seed them too, and a generated dataset hashes its one password once.
/// </summary>
internal static class AccountRows
{
    /// <summary>The portal's Identity hasher (format v3, salted): every account seeded with the same password may share one hash.</summary>
    public static string HashPassword(string password) => new PasswordHasher<AppUser>().HashPassword(new AppUser(), password);

    /// <summary>Identity's default key normalizer (<c>UpperInvariantLookupNormalizer</c>).</summary>
    public static string Normalize(string key) => key.Normalize().ToUpperInvariant();

    public static AppUser NewUser(Guid id, string email, string displayName, string passwordHash, string securityStamp, Guid? unionId = null, Guid? organizationId = null) =>
        new()
        {
            Id = id, UserName = email, NormalizedUserName = Normalize(email), Email = email, NormalizedEmail = Normalize(email),
            EmailConfirmed = true, PasswordHash = passwordHash, SecurityStamp = securityStamp, ConcurrencyStamp = securityStamp,
            LockoutEnabled = true, DisplayName = displayName, UnionId = unionId, OrganizationId = organizationId,
        };

    /// <summary>Creates the roles that are missing (ids derived from their names) and returns every role's id by name.</summary>
    public static async Task<Dictionary<string, Guid>> EnsureRolesAsync(ProcurementDb db, CancellationToken ct)
    {
        var roles = await db.Roles.AsNoTracking().Where(r => r.Name != null).ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        foreach (var name in Roles.All.Where(n => !roles.ContainsKey(n)))
        {
            var role = new IdentityRole<Guid>(name) { Id = DerivedId.Of("role:" + name), NormalizedName = Normalize(name) };
            role.ConcurrencyStamp = role.Id.ToString();
            db.Roles.Add(role);
            roles[name] = role.Id;
        }
        await db.SaveChangesAsync(ct);
        return roles;
    }
}
