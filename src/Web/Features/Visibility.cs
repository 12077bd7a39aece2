using System.Security.Claims;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features;

/// <summary>What a caller may see, applied inside each query (never by filtering results afterwards).</summary>
public static class Visibility
{
    public static readonly ProjectStatus[] PublicStatuses =
        [ProjectStatus.Published, ProjectStatus.BiddingClosed, ProjectStatus.Evaluating, ProjectStatus.AwardProposed, ProjectStatus.Awarded, ProjectStatus.NoAward];

    /// <summary>
    /// Everyone sees published projects, and a published call since cancelled (its 终止公告 is public); a union admin also
    /// its subtree's drafts.
    /// </summary>
    public static IQueryable<Project> ProjectsFor(this ProcurementDb db, ClaimsPrincipal user)
    {
        var projects = db.Projects.AsQueryable();
        return user.ProjectScope() switch
        {
            AllProjects => projects,
            PublicProjects => projects.Where(p => PublicStatuses.Contains(p.Status) || (p.Status == ProjectStatus.Cancelled && p.PublishedAt != null)),
            var path => projects.Where(p => PublicStatuses.Contains(p.Status) || (p.Status == ProjectStatus.Cancelled && p.PublishedAt != null)
                || p.UnionPath.StartsWith(path)),
        };
    }

    private const string AllProjects = "*", PublicProjects = "";

    /// <summary>
    /// Which projects <see cref="ProjectsFor"/> lets the caller see, as a value: all (a platform admin), the public ones
    /// and a union subtree's (its path), or the public ones only. Callers who share it see the same projects, so it keys
    /// figures computed over them.
    /// </summary>
    public static string ProjectScope(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.PlatformAdmin) ? AllProjects
        : user.IsInRole(Roles.UnionAdmin) && user.UnionPathOf() is { } path ? path
        : PublicProjects;

    /// <summary>Whether the caller administers the union that owns an entity (platform admins administer all).</summary>
    public static bool ManagesUnion(this ClaimsPrincipal user, string entityUnionPath) =>
        user.IsInRole(Roles.PlatformAdmin) || (user.IsInRole(Roles.UnionAdmin) && user.UnionPathOf() is { } p && entityUnionPath.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// Contracts: the union subtree's, an organization its own, an evaluator those it reviews (a quarterly review it sits
    /// on without a declared conflict: it scores the delivery record, evidence included).
    /// </summary>
    public static IQueryable<Contract> ContractsFor(this ProcurementDb db, ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.PlatformAdmin)) return db.Contracts;
        if (user.IsInRole(Roles.UnionAdmin) && user.UnionPathOf() is { } path) return db.Contracts.Where(c => c.UnionPath.StartsWith(path));
        if (user.IsInRole(Roles.OrganizationMember) && user.GuidClaim(PortalClaims.OrganizationId) is { } org) return db.Contracts.Where(c => c.OrganizationId == org);
        if (user.IsInRole(Roles.Evaluator) && user.UserId() is { } evaluator)
            return db.Contracts.Where(c => db.QuarterlyReviews.Any(r => r.ContractId == c.Id && r.Evaluators.Any(e => e.EvaluatorId == evaluator && !e.ConflictDeclared)));
        return db.Contracts.Where(_ => false);
    }

    /// <summary>Approved organizations are public; applications (pending or returned) are seen by the unions that decide them and their own members.</summary>
    public static IQueryable<Organization> OrganizationsFor(this ProcurementDb db, ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.PlatformAdmin)) return db.Organizations;
        if (user.IsInRole(Roles.UnionAdmin))
        {
            // Applications are seen by the unions that decide them: those whose region covers the organization's. A session
            // from before the region claim existed sees none until it signs in again.
            if (user.FindFirstValue(PortalClaims.UnionRegion) is not { } region) return db.Organizations.Where(o => o.Status == OrganizationStatus.Approved);
            return db.Organizations.Where(o => o.Status == OrganizationStatus.Approved || o.RegionCode.StartsWith(region));
        }
        var own = user.GuidClaim(PortalClaims.OrganizationId);
        return db.Organizations.Where(o => o.Status == OrganizationStatus.Approved || o.Id == own);
    }
}
