using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Auth;
using Procurement.Web.Features.Projects;

namespace Procurement.Web.Features.Admin;

public sealed record UserRow(Guid Id, string Email, string DisplayName, string? Role, string? UnionName, string? OrganizationName, bool Locked);

/// <summary>A new union-admin or evaluator account; a union admin is bound to its union. The person sets the password from a mailed link.</summary>
public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Role, Guid? UnionId);

public sealed record LockRequest(bool Locked);

/// <summary>
/// 用户管理 for the platform admin: find accounts, create union-admin and evaluator accounts (bound to their union; the
/// password is set by the person from a mailed link, never by the admin), lock and unlock. Organization members register
/// their organization themselves.
/// </summary>
public sealed class Users(ProcurementDb db, UserManager<AppUser> users, Accounts accounts)
{
    public static readonly string[] CreatableRoles = [Roles.UnionAdmin, Roles.Evaluator];

    public async Task<Page<UserRow>> ListAsync(string? q, string? role, int? page, CancellationToken ct)
    {
        var (p, size) = Page<UserRow>.Clamp(page, null);
        var list = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q)) list = list.Where(u => u.Email!.Contains(q.Trim()) || u.DisplayName.Contains(q.Trim()));
        if (!string.IsNullOrWhiteSpace(role))
            list = list.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        var now = DateTimeOffset.UtcNow;
        var items = await list.OrderBy(u => u.Email).Skip((p - 1) * size).Take(size)
            .Select(u => new UserRow(u.Id, u.Email!, u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                db.Unions.Where(x => x.Id == u.UnionId).Select(x => x.Name).FirstOrDefault(),
                db.Organizations.Where(o => o.Id == u.OrganizationId).Select(o => o.Name).FirstOrDefault(),
                u.LockoutEnd != null && u.LockoutEnd > now))
            .ToListAsync(ct);
        return new Page<UserRow>(items, p, size, await list.CountAsync(ct));
    }

    /// <exception cref="RuleViolation">Every field error at once: the address (and whether it is taken), the name, the role, the union a union admin needs.</exception>
    public async Task<Guid> CreateAsync(CreateUserRequest r, CancellationToken ct)
    {
        var email = r.Email?.Trim();
        var checks = new FieldChecks()
            .Require(!string.IsNullOrWhiteSpace(email) && email.Length <= 256 && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email), "email", "invalid")
            .Text(r.DisplayName, "displayName", 100)
            .Require(r.Role is not null && CreatableRoles.Contains(r.Role), "role", "invalid");
        if (r.Role == Roles.UnionAdmin)
            checks.Require(r.UnionId is { } unionId && await db.Unions.AnyAsync(u => u.Id == unionId, ct), "unionId", "union.not_found");
        if (!checks.AnyRefused("email")) checks.Require(await users.FindByEmailAsync(email!) is null, "email", "account.email_taken");
        checks.ThrowIfAny();

        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = r.DisplayName!.Trim(),
            UnionId = r.Role == Roles.UnionAdmin ? r.UnionId : null,
        };
        var created = await users.CreateAsync(user); // no password: the person sets one from the mailed link
        if (!created.Succeeded) new FieldChecks().Require(false, "email", "account.email_taken").ThrowIfAny();
        await users.AddToRoleAsync(user, r.Role!);
        await accounts.InviteAsync(user);
        return user.Id;
    }

    /// <returns>False when there is no such account.</returns>
    public async Task<bool> LockAsync(Guid id, bool locked)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user) return false;
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null);
        // A locked account's sessions and tokens end at their next check, not when they expire.
        if (locked) await users.UpdateSecurityStampAsync(user);
        return true;
    }
}

public static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/users").RequireAuthorization(Roles.PlatformAdmin).WithTags("Administration");
        admin.MapGet("", (string? q, string? role, int? page, Users users, CancellationToken ct) => users.ListAsync(q, role, page, ct))
            .WithSummary("Accounts, by address or name and role, with their binding and whether they are locked");
        admin.MapPost("", async (CreateUserRequest body, Users users, CancellationToken ct) =>
            {
                var id = await users.CreateAsync(body, ct);
                return Results.Created($"/api/v1/admin/users/{id}", new Created(id));
            })
            .WithSummary("Create a union-admin (bound to its union) or evaluator account; the person sets the password from a mailed link");
        admin.MapPost("/{id:guid}/lock", async (Guid id, LockRequest body, Users users) =>
                await users.LockAsync(id, body.Locked) ? Results.NoContent() : ProjectEndpoints.NotFound("account"))
            .WithSummary("Lock or unlock an account (locking ends its sessions)");
    }
}
