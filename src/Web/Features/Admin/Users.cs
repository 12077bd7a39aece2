using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Auth;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Admin;

public sealed record UserRow(Guid Id, string Email, string DisplayName, string? Role, string? UnionName, string? OrganizationName, bool Locked);

/// <summary>A new union-admin or evaluator account; a union admin is bound to its union. The person sets the password from a mailed link.</summary>
public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Role, Guid? UnionId);

public sealed record LockRequest(bool Locked);

/// <summary>What an account is bound to: a union admin's union, an organization member's organization.</summary>
public sealed record BindRequest(Guid? UnionId, Guid? OrganizationId);

/// <summary>A worker's sign-up: a mobile number or an e-mail address as <see cref="Account"/>, their union and groups.</summary>
public sealed record WorkerSignUpRequest(string? Account, string? Password, Guid? UnionId, IReadOnlyList<string>? Groups);

/// <summary>A worker's union and groups.</summary>
public sealed record WorkerProfileInput(Guid? UnionId, IReadOnlyList<string>? Groups);

public sealed record AccountView(Guid Id, string Email, string DisplayName, string? Role, Guid? UnionId, Guid? OrganizationId, bool Locked);

/// <summary>
/// 用户管理 for the platform admin: find accounts, create union-admin and evaluator accounts (bound to their union; the
/// password is set by the person from a mailed link, never by the admin), bind an account to another union or
/// organization, lock and unlock. Organization members register their organization themselves.
/// </summary>
public sealed class Users(ProcurementDb db, UserManager<AppUser> users, Accounts accounts, TimeProvider time)
{
    public static readonly string[] CreatableRoles = [Roles.UnionAdmin, Roles.Evaluator];

    public async Task<Page<UserRow>> ListAsync(string? q, string? role, int? page, CancellationToken ct)
    {
        var (p, size) = Page<UserRow>.Clamp(page, null);
        var list = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q)) list = list.Where(u => u.UserName!.Contains(q.Trim()) || u.DisplayName.Contains(q.Trim()));
        if (!string.IsNullOrWhiteSpace(role))
            list = list.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        var now = DateTimeOffset.UtcNow;
        var items = await list.OrderBy(u => u.UserName).Skip((p - 1) * size).Take(size)
            // A worker who signed up with a mobile number has no address: the number is their account.
            .Select(u => new UserRow(u.Id, u.Email ?? u.UserName!, u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                db.Unions.Where(x => x.Id == u.UnionId).Select(x => x.Name).FirstOrDefault(),
                db.Organizations.Where(o => o.Id == u.OrganizationId).Select(o => o.Name).FirstOrDefault(),
                u.LockoutEnd != null && u.LockoutEnd > now))
            .ToListAsync(ct);
        return new Page<UserRow>(items, p, size, await list.CountAsync(ct));
    }

    /// <exception cref="RuleViolation">Every field error at once: the address (and whether it is taken), the name, the role, the union a union admin needs.</exception>
    public async Task<Guid> CreateAsync(CreateUserRequest r, Guid actorId, CancellationToken ct)
    {
        var email = r.Email?.Trim();
        var checks = new FieldChecks()
            .Require(!string.IsNullOrWhiteSpace(email) && email.Length <= 256 && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email), "email", "invalid")
            .Text(r.DisplayName, "displayName", 100)
            .Require(r.Role is not null && CreatableRoles.Contains(r.Role), "role", "invalid");
        if (r.Role == Roles.UnionAdmin)
            checks.Require(r.UnionId is { } unionId && await db.Unions.AnyAsync(u => u.Id == unionId, ct), "unionId", "union.not_found");
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = r.DisplayName?.Trim() ?? "",
            UnionId = r.Role == Roles.UnionAdmin ? r.UnionId : null,
        };
        if (!checks.AnyRefused("email")) await AccountChecksAsync(users, checks, user, "email", "invalid", "account.email_taken");
        checks.ThrowIfAny();

        await RecordedAsync(user.Id, new AccountCreated(user.Id, r.Role!, user.UnionId, time.GetUtcNow()), actorId, async () =>
        {
            await CreateAccountAsync(user, null, "email", "account.email_taken"); // no password: the person sets one from the mailed link
            Succeeded(await users.AddToRoleAsync(user, r.Role!));
        }, ct);
        await accounts.InviteAsync(user);
        return user.Id;
    }

    public async Task<AccountView?> GetAsync(Guid id, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        return await db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new AccountView(u.Id, u.Email ?? u.UserName!, u.DisplayName,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).FirstOrDefault(),
                u.UnionId, u.OrganizationId, u.LockoutEnd != null && u.LockoutEnd > now))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Binds a union admin to another union, an organization member to another organization (a person who changed posts).
    /// Their sessions end, so their next sign-in carries the new binding.
    /// </summary>
    /// <returns>False when there is no such account.</returns>
    /// <exception cref="RuleViolation">The union or organization is missing or unknown; the account's role is bound to neither.</exception>
    public async Task<bool> RebindAsync(Guid id, BindRequest r, Guid actorId, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user) return false;
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        var checks = new FieldChecks();
        switch (role)
        {
            case Roles.UnionAdmin:
                checks.Require(r.UnionId is not null, "unionId", "required")
                    .Require(r.UnionId is not { } unionId || await db.Unions.AnyAsync(u => u.Id == unionId, ct), "unionId", "union.not_found");
                break;
            case Roles.OrganizationMember:
                checks.Require(r.OrganizationId is not null, "organizationId", "required")
                    .Require(r.OrganizationId is not { } organizationId || await db.Organizations.AnyAsync(o => o.Id == organizationId, ct), "organizationId", "organization.not_found");
                break;
            default:
                throw RuleViolation.Conflict("account.not_bindable", "Only union admins and organization members are bound to a union or an organization.");
        }
        checks.ThrowIfAny();
        user.UnionId = role == Roles.UnionAdmin ? r.UnionId : null;
        user.OrganizationId = role == Roles.OrganizationMember ? r.OrganizationId : null;
        await RecordedAsync(id, new AccountRebound(id, user.UnionId, user.OrganizationId, time.GetUtcNow()), actorId, async () =>
        {
            Succeeded(await users.UpdateAsync(user));
            Succeeded(await users.UpdateSecurityStampAsync(user));
        }, ct);
        return true;
    }

    /// <returns>False when there is no such account.</returns>
    public async Task<bool> LockAsync(Guid id, bool locked, Guid actorId, CancellationToken ct)
    {
        if (await users.FindByIdAsync(id.ToString()) is not { } user) return false;
        await RecordedAsync(id, new AccountLockChanged(id, locked, time.GetUtcNow()), actorId, async () =>
        {
            Succeeded(await users.SetLockoutEnabledAsync(user, true));
            Succeeded(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
            // A locked account's sessions and tokens end at their next check, not when they expire.
            if (locked) Succeeded(await users.UpdateSecurityStampAsync(user));
        }, ct);
        return true;
    }

    /// <summary>A refused account change (Identity answers with a result, not an exception) rolls back the change and its record.</summary>
    /// <summary>
    /// A worker signs up (职工注册) with a mobile number or an e-mail address as the sign-in name, a password, their union
    /// and their groups; no real name is asked (the account is shown by its masked number or address).
    /// </summary>
    /// <exception cref="RuleViolation">Every field error at once: the account name (and whether it is taken), the password, the union, the groups.</exception>
    public async Task<Guid> SignUpWorkerAsync(WorkerSignUpRequest r, CancellationToken ct)
    {
        var account = r.Account?.Trim() ?? "";
        var email = account.Contains('@') ? account : null;
        var phone = email is null ? Contact.MobileNumber(account) : null;
        var checks = new FieldChecks()
            .Require(email is { Length: <= 256 } && new System.ComponentModel.DataAnnotations.EmailAddressAttribute().IsValid(email) || phone is not null,
                "account", "worker.account_invalid")
            .Require(!string.IsNullOrEmpty(r.Password), "password", "required");
        await WorkerProfileChecksAsync(checks, r.UnionId, r.Groups, ct);
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(), UserName = phone ?? email, Email = email, PhoneNumber = phone,
            DisplayName = PublicText.Mask(phone ?? email ?? ""),
        };
        if (!checks.AnyRefused("account")) await AccountChecksAsync(users, checks, user, "account", "worker.account_invalid", "worker.account_taken");
        if (!string.IsNullOrEmpty(r.Password))
            foreach (var validator in users.PasswordValidators)
                checks.Require((await validator.ValidateAsync(users, user, r.Password)).Succeeded, "password", "account.password_weak");
        checks.ThrowIfAny();

        await RecordedAsync(user.Id, new AccountCreated(user.Id, Roles.Worker, null, time.GetUtcNow()), user.Id, async () =>
        {
            await CreateAccountAsync(user, r.Password, "account", "worker.account_taken");
            Succeeded(await users.AddToRoleAsync(user, Roles.Worker));
            db.WorkerProfiles.Add(new WorkerProfile { UserId = user.Id, UnionId = r.UnionId!.Value, Groups = [.. (r.Groups ?? []).Distinct()] });
        }, ct);
        return user.Id;
    }

    /// <summary>A worker changes their union or groups; needs already posted stay with the union they were posted to.</summary>
    public async Task UpdateWorkerProfileAsync(Guid userId, WorkerProfileInput r, CancellationToken ct)
    {
        var checks = new FieldChecks();
        await WorkerProfileChecksAsync(checks, r.UnionId, r.Groups, ct);
        checks.ThrowIfAny();
        var profile = await db.WorkerProfiles.FirstOrDefaultAsync(w => w.UserId == userId, ct) ?? throw RuleViolation.NotFound("worker");
        await RecordedAsync(userId, new WorkerProfileChanged(userId, r.UnionId!.Value, [.. (r.Groups ?? []).Distinct()], time.GetUtcNow()), userId, () =>
        {
            profile.UnionId = r.UnionId!.Value;
            profile.Groups = [.. (r.Groups ?? []).Distinct()];
            return Task.CompletedTask;
        }, ct);
    }

    public Task<WorkerProfileInput?> WorkerProfileAsync(Guid userId, CancellationToken ct) =>
        db.WorkerProfiles.AsNoTracking().Where(w => w.UserId == userId).Select(w => new WorkerProfileInput(w.UnionId, w.Groups)).FirstOrDefaultAsync(ct);

    private async Task WorkerProfileChecksAsync(FieldChecks checks, Guid? unionId, IReadOnlyList<string>? groups, CancellationToken ct) =>
        checks.Require(unionId is { } id && await db.Unions.AnyAsync(u => u.Id == id, ct), "unionId", "union.not_found")
            .Require((groups ?? []).All(NeedCatalog.Groups.Contains), "groups", "need.group_unknown");

    /// <summary>
    /// Identity's rules for a new account, as errors of <paramref name="field"/>: a sign-in name or an address another
    /// account has is <paramref name="taken"/>; a name Identity cannot take (characters outside its set) is <paramref name="invalid"/>.
    /// </summary>
    public static async Task AccountChecksAsync(UserManager<AppUser> users, FieldChecks checks, AppUser user, string field, string invalid, string taken)
    {
        var codes = new HashSet<string>();
        foreach (var validator in users.UserValidators)
            foreach (var error in (await validator.ValidateAsync(users, user)).Errors)
                codes.Add(error.Code is nameof(IdentityErrorDescriber.DuplicateUserName) or nameof(IdentityErrorDescriber.DuplicateEmail) ? taken : invalid);
        foreach (var code in codes) checks.Require(false, field, code);
    }

    /// <summary>
    /// Creates the checked account in the caller's transaction. The same name or address taken meanwhile (a second
    /// sign-up running alongside: the database's unique index refuses it) is <paramref name="taken"/> on <paramref name="field"/>.
    /// </summary>
    private async Task CreateAccountAsync(AppUser user, string? password, string field, string taken)
    {
        bool created;
        try
        {
            created = (password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password)).Succeeded;
        }
        catch (DbUpdateException)
        {
            created = false;
        }
        if (!created) new FieldChecks().Require(false, field, taken).ThrowIfAny();
    }

    private static void Succeeded(IdentityResult result)
    {
        if (!result.Succeeded)
            throw RuleViolation.Conflict("account.update_failed", "The account changed meanwhile; try again. " + string.Join("; ", result.Errors.Select(e => e.Code)));
    }

    /// <summary>
    /// Runs an account change and appends its event to the account's hash-chained audit trail (and the outbox) in one
    /// transaction, as a grain commits its state with its events: the change and its record land together or not at all.
    /// </summary>
    private async Task RecordedAsync(Guid userId, object @event, Guid actorId, Func<Task> change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await change();
        var tails = await Silo.Hosting.AuditChain.TailsAsync(db, [userId], ct);
        // At the stored precision (whole milliseconds, UTC), so the hash verifies from the stored row.
        foreach (var (outbox, audit) in Silo.Hosting.AuditChain.Entries(userId, tails.GetValueOrDefault(userId), [(@event, actorId)], Silo.Hosting.StoredTime.Of(time.GetUtcNow())))
        {
            db.Outbox.Add(outbox);
            db.AuditTrail.Add(audit);
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

public static class UserEndpoints
{
    public static void MapUsers(this IEndpointRouteBuilder api)
    {
        var admin = api.MapGroup("/admin/users").RequireAuthorization(Roles.PlatformAdmin).WithTags("Administration");
        admin.MapGet("", (string? q, string? role, int? page, Users users, CancellationToken ct) => users.ListAsync(q, role, page, ct))
            .WithSummary("Accounts, by address or name and role, with their binding and whether they are locked");
        admin.MapPost("", async (CreateUserRequest body, Users users, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var id = await users.CreateAsync(body, user.UserId()!.Value, ct);
                return Results.Created($"/api/v1/admin/users/{id}", new Created(id));
            })
            .WithSummary("Create a union-admin (bound to its union) or evaluator account; the person sets the password from a mailed link");
        admin.MapPost("/{id:guid}/lock", async (Guid id, LockRequest body, Users users, ClaimsPrincipal user, CancellationToken ct) =>
                await users.LockAsync(id, body.Locked, user.UserId()!.Value, ct) ? Results.NoContent() : ProjectEndpoints.NotFound("account"))
            .WithSummary("Lock or unlock an account (locking ends its sessions)");
        admin.MapGet("/{id:guid}", async (Guid id, Users users, CancellationToken ct) =>
                await users.GetAsync(id, ct) is { } account ? Results.Ok(account) : ProjectEndpoints.NotFound("account"))
            .WithSummary("An account with its role and binding");
        admin.MapPut("/{id:guid}/binding", async (Guid id, BindRequest body, Users users, ClaimsPrincipal user, CancellationToken ct) =>
                await users.RebindAsync(id, body, user.UserId()!.Value, ct) ? Results.NoContent() : ProjectEndpoints.NotFound("account"))
            .WithSummary("Bind a union admin to another union, an organization member to another organization (their sessions end)");
    }
}
