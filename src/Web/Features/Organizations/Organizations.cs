using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Organizations;

/// <summary>A registration with the account of the person registering, who becomes the organization's first member.</summary>
public sealed record RegisterOrganizationRequest(
    string? Name, OrganizationKind Kind, string? Uscc, string? RegionCode, string? Description,
    IReadOnlyList<string>? ServiceDomains, IReadOnlyList<string>? ServiceRegions, int CertifiedSocialWorkers, int Volunteers,
    string? ContactName, string? ContactPhone, string? AccountEmail, string? AccountPassword);

public sealed record OrganizationView(Guid Id, string Name, OrganizationKind Kind, string? Uscc, string RegionCode, string Description,
    IReadOnlyList<string> ServiceDomains, IReadOnlyList<string> ServiceRegions, int CertifiedSocialWorkers, int Volunteers,
    OrganizationStatus Status, DateTimeOffset RegisteredAt, DateTimeOffset? ApprovedAt, string? ApprovedBy, int Contracts);

/// <summary>
/// What the deciding union and the applicant see of an application beyond the public profile: who to call, and the last
/// return with its reason. Never shown to anyone else (an approved organization's contacts stay private).
/// </summary>
public sealed record ApplicationView(Guid Id, string Name, OrganizationStatus Status, string ContactName, string ContactPhone,
    DateTimeOffset RegisteredAt, string? RejectionReason, DateTimeOffset? RejectedAt, string? RejectedBy);

public sealed record RejectRequest(string? Reason);

public static class Organizations
{
    public static async Task<OrganizationView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct) =>
        await db.OrganizationsFor(user).AsNoTracking().Where(o => o.Id == id)
            .Select(o => new OrganizationView(o.Id, o.Name, o.Kind, o.Uscc, o.RegionCode, o.Description, o.ServiceDomains, o.ServiceRegions,
                o.CertifiedSocialWorkers, o.Volunteers, o.Status, o.RegisteredAt, o.ApprovedAt,
                db.Unions.Where(u => u.Id == o.ApprovedByUnionId).Select(u => u.Name).FirstOrDefault(),
                db.Contracts.Count(c => c.OrganizationId == o.Id)))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The application of an organization not yet approved, for a union that decides it (its region covers the
    /// organization's: <see cref="Visibility.OrganizationsFor"/>) or the organization's own members; null for anyone else.
    /// </summary>
    public static Task<ApplicationView?> ApplicationAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var own = user.GuidClaim(PortalClaims.OrganizationId) == id;
        if (!own && !user.IsInRole(Roles.UnionAdmin)) return Task.FromResult<ApplicationView?>(null);
        return Applications(db, db.OrganizationsFor(user).AsNoTracking().Where(o => o.Id == id && o.Status != OrganizationStatus.Approved))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>Applications awaiting a decision by the caller's union (region-covered), oldest first, with whom to call.</summary>
    public static async Task<Page<ApplicationView>> PendingAsync(ProcurementDb db, ClaimsPrincipal user, int? page, CancellationToken ct)
    {
        var (p, size) = Page<ApplicationView>.Clamp(page, null);
        var pending = db.OrganizationsFor(user).AsNoTracking().Where(o => o.Status == OrganizationStatus.Pending);
        var items = await Applications(db, pending.OrderBy(o => o.RegisteredAt).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<ApplicationView>(items, p, size, await pending.CountAsync(ct));
    }

    private static IQueryable<ApplicationView> Applications(ProcurementDb db, IQueryable<Organization> organizations) =>
        organizations.Select(o => new ApplicationView(o.Id, o.Name, o.Status, o.ContactName, o.ContactPhone, o.RegisteredAt, o.RejectionReason,
            o.RejectedAt, db.Unions.Where(u => u.Id == o.RejectedByUnionId).Select(u => u.Name).FirstOrDefault()));

    public static async Task<Page<OrganizationView>> ListAsync(ProcurementDb db, ClaimsPrincipal user, OrganizationStatus? status, string? q,
        int? page, int? pageSize, CancellationToken ct)
    {
        var (p, size) = Page<OrganizationView>.Clamp(page, pageSize);
        var list = db.OrganizationsFor(user).AsNoTracking();
        if (status is { } s) list = list.Where(o => o.Status == s);
        if (!string.IsNullOrWhiteSpace(q)) list = list.Where(o => o.Name.Contains(q.Trim()));
        var total = await list.CountAsync(ct);
        var items = await list.OrderBy(o => o.Status).ThenBy(o => o.Name).Skip((p - 1) * size).Take(size)
            .Select(o => new OrganizationView(o.Id, o.Name, o.Kind, o.Uscc, o.RegionCode, o.Description, o.ServiceDomains, o.ServiceRegions,
                o.CertifiedSocialWorkers, o.Volunteers, o.Status, o.RegisteredAt, o.ApprovedAt,
                db.Unions.Where(u => u.Id == o.ApprovedByUnionId).Select(u => u.Name).FirstOrDefault(),
                db.Contracts.Count(c => c.OrganizationId == o.Id)))
            .ToListAsync(ct);
        return new Page<OrganizationView>(items, p, size, total);
    }

    /// <summary>The registration as the organization grain receives it: the credit code trimmed and in capitals.</summary>
    public static OrganizationRegistration ToRegistration(RegisterOrganizationRequest r) =>
        Normalize(new(r.Name!, r.Kind, r.Uscc, r.RegionCode!, r.Description!, r.ServiceDomains!, r.ServiceRegions!, r.CertifiedSocialWorkers,
            r.Volunteers, r.ContactName!, r.ContactPhone!));

    /// <summary>A registration as people send it (absent texts and lists are empty, the credit code trimmed and in capitals).</summary>
    public static OrganizationRegistration Normalize(OrganizationRegistration r) => r with
    {
        Name = r.Name?.Trim() ?? "", Uscc = string.IsNullOrWhiteSpace(r.Uscc) ? null : r.Uscc.Trim().ToUpperInvariant(),
        RegionCode = r.RegionCode?.Trim() ?? "", Description = r.Description?.Trim() ?? "", ServiceDomains = r.ServiceDomains ?? [],
        ServiceRegions = r.ServiceRegions ?? [], ContactName = r.ContactName?.Trim() ?? "", ContactPhone = r.ContactPhone?.Trim() ?? "",
    };

    /// <summary>
    /// Every field error of a registration in one answer: the organization's (the grain's own rules) and the account's
    /// (e-mail, whether it is taken, Identity's password validators).
    /// </summary>
    public static async Task<FieldChecks> CheckAsync(RegisterOrganizationRequest r, UserManager<AppUser> users)
    {
        var checks = Silo.Grains.Organizations.OrganizationRules.Checks(ToRegistration(r))
            .Require(!string.IsNullOrWhiteSpace(r.AccountEmail) && r.AccountEmail.Length <= 256 && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(r.AccountEmail),
                "accountEmail", "invalid")
            .Require(r.AccountPassword is { Length: >= 10 and <= 128 }, "accountPassword", "account.password_weak");
        var candidate = new AppUser { UserName = r.AccountEmail, Email = r.AccountEmail };
        if (!checks.AnyRefused("accountEmail")) await Admin.Users.AccountChecksAsync(users, checks, candidate, "accountEmail", "invalid", "account.email_taken");
        if (!checks.AnyRefused("accountEmail", "accountPassword"))
        {
            foreach (var validator in users.PasswordValidators)
                checks.Require((await validator.ValidateAsync(users, candidate, r.AccountPassword!)).Succeeded, "accountPassword", "account.password_weak");
        }
        return checks;
    }

    /// <summary>
    /// Registers the organization and its first member's account. Everything is checked before anything is written, so
    /// a refused registration leaves neither an organization nor an account behind.
    /// </summary>
    public static async Task<Guid> RegisterAsync(RegisterOrganizationRequest r, GrainCommands commands, UserManager<AppUser> users, CancellationToken ct)
    {
        (await CheckAsync(r, users)).ThrowIfAny();

        // The organization's id follows from the account's e-mail: a retry of the same registration (after a 503, or a crash
        // between the organization and its account) addresses the same organization grain instead of registering a second
        // one. The account keeps a fresh id, so Identity's own check still tells a second account with that e-mail apart.
        var organizationId = DerivedId.Of("organization\n" + r.AccountEmail!.Trim().ToUpperInvariant());
        var userId = Guid.CreateVersion7();
        var registration = ToRegistration(r);
        await commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(organizationId).Register(registration, new Actor(userId, Roles.OrganizationMember, OrganizationId: organizationId)));

        var user = new AppUser { Id = userId, UserName = r.AccountEmail, Email = r.AccountEmail, DisplayName = registration.Name, OrganizationId = organizationId };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, r.AccountPassword!);
        }
        catch (DbUpdateException)
        {
            // The same registration running alongside created the account between our check and our insert.
            created = IdentityResult.Failed(users.ErrorDescriber.DuplicateEmail(r.AccountEmail!));
        }
        if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            new FieldChecks().Require(false, "accountEmail", "account.email_taken").ThrowIfAny();
        if (!created.Succeeded)
            throw new RuleViolation("account.invalid", string.Join(" ", created.Errors.Select(e => e.Description)), ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["accountPassword"] = ["account.password_weak"] });
        await users.AddToRoleAsync(user, Roles.OrganizationMember);
        return organizationId;
    }

    public static void MapOrganizations(this IEndpointRouteBuilder api)
    {
        var organizations = api.MapGroup("/organizations").WithTags("Organizations");

        organizations.MapPost("", async (RegisterOrganizationRequest body, GrainCommands commands, UserManager<AppUser> users, CancellationToken ct) =>
            {
                var id = await RegisterAsync(body, commands, users, ct);
                return Results.Created($"/api/v1/organizations/{id}", new Created(id));
            })
            .AllowAnonymous().RequireRateLimiting(PortalExtensions.LoginLimiter)
            .WithSummary("Register an organization (USCC checked) with its first member's account");

        organizations.MapPost("/{id:guid}/approve", async (Guid id, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).Approve(user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Admit an organization to the union's providers");

        organizations.MapPost("/{id:guid}/reject", async (Guid id, RejectRequest body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).Reject(body.Reason ?? "", user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Return an application with a reason (the union's region must cover the organization's)");

        organizations.MapPut("/{id:guid}/registration", async (Guid id, OrganizationRegistration body, GrainCommands commands, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await commands.RunAsync(g => g.GetGrain<IOrganizationGrain>(id).Resubmit(Normalize(body), user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.OrganizationMember).WithSummary("Correct a pending or returned application and submit it again (own organization only)");

        organizations.MapGet("/applications", (int? page, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) => PendingAsync(db, user, page, ct))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Applications awaiting the caller's union's decision, with their contacts");

        organizations.MapGet("/{id:guid}/application", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await ApplicationAsync(db, user, id, ct) is { } a ? Results.Ok(a) : ProjectEndpoints.NotFound("application"))
            .RequireAuthorization().WithSummary("An application's contacts and last return, for the deciding union and the applicant");

        organizations.MapGet("/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await GetAsync(db, user, id, ct) is { } o ? Results.Ok(o) : ProjectEndpoints.NotFound("organization"))
            .AllowAnonymous().WithSummary("An organization's profile");

        organizations.MapGet("", (OrganizationStatus? status, string? q, int? page, int? pageSize, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                ListAsync(db, user, status, q, page, pageSize, ct))
            .AllowAnonymous().WithSummary("Approved organizations (union admins also see the applications their region covers)");
    }
}
