namespace Procurement.Contracts.Api;

/// <summary>
/// Who is asking, as the Web resolved it from the signed-in user. Grains check it against the entity:
/// a union acts on its subtree (<see cref="UnionPath"/> is a prefix of the entity's), an organization on its own.
/// </summary>
[GenerateSerializer, Alias("Actor")]
public sealed record Actor(Guid UserId, string Role, Guid? UnionId = null, string? UnionPath = null, Guid? OrganizationId = null)
{
    public bool CanActOnUnion(string entityUnionPath) =>
        Role == Domain.Roles.PlatformAdmin || (Role == Domain.Roles.UnionAdmin && UnionPath is { } p && entityUnionPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The scheduler acting on the platform's behalf.</summary>
    public static readonly Actor System = new(Guid.Empty, Domain.Roles.PlatformAdmin);
}
