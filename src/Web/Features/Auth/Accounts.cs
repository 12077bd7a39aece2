using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Procurement.Contracts.Domain;
using Procurement.Silo.Notifications;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Admin;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;
using Procurement.Contracts.Api;

namespace Procurement.Web.Features.Auth;

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
public sealed record PasswordResetRequest(string? Email);
public sealed record PasswordResetConfirmation(string? Email, string? Token, string? NewPassword);

/// <summary>
/// A person's own password: changed with the current one, or reset through a link mailed to the account's address (the
/// link holds a one-time token; whether an address has an account is never revealed). Pages and API share these steps.
/// </summary>
public sealed partial class Accounts(UserManager<AppUser> users, IEmailSender mail, IOptions<PortalOptions> portal, ILogger<Accounts> log)
{
    /// <exception cref="RuleViolation">A wrong current password, or a new one the rules refuse (each beside its field).</exception>
    public async Task ChangePasswordAsync(ClaimsPrincipal principal, ChangePasswordRequest r)
    {
        var checks = new FieldChecks()
            .Require(!string.IsNullOrEmpty(r.CurrentPassword), "currentPassword", "required")
            .Require(!string.IsNullOrEmpty(r.NewPassword), "newPassword", "required");
        checks.ThrowIfAny();
        var user = await users.GetUserAsync(principal) ?? throw RuleViolation.NotFound("account");
        await NewPasswordChecks(user, r.NewPassword!, checks);
        checks.ThrowIfAny();
        var changed = await users.ChangePasswordAsync(user, r.CurrentPassword!, r.NewPassword!);
        if (!changed.Succeeded)
            new FieldChecks().Require(false, "currentPassword", "account.password_wrong").ThrowIfAny();
        LogChanged(user.Id);
    }

    /// <summary>Mails a reset link when the address has an account; answers the same either way.</summary>
    public async Task RequestResetAsync(PasswordResetRequest r)
    {
        new FieldChecks().Text(r.Email, "email", 256).ThrowIfAny();
        var user = await users.FindByEmailAsync(r.Email!.Trim());
        if (user?.Email is null) return;
        await SendLinkAsync(user, "重置密码：工会服务项目采购平台",
            "有人（希望是您）请求重置在工会服务项目采购平台的密码。请在 24 小时内打开以下链接设置新密码：",
            "如果不是您本人操作，请忽略本邮件，您的密码不会改变。");
        LogResetRequested(user.Id);
    }

    /// <summary>Tells a person whose account an admin created to set their password, through the same one-time link.</summary>
    public Task InviteAsync(AppUser user) => SendLinkAsync(user, "您的账户已创建：工会服务项目采购平台",
        $"平台管理员为您（{user.DisplayName}）创建了工会服务项目采购平台的账户。请在 24 小时内打开以下链接设置密码：",
        "链接过期后，可在登录页点击“忘记密码？”重新获取。");

    private async Task SendLinkAsync(AppUser user, string subject, string intro, string outro)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = portal.Value.Link($"/account/reset?email={Uri.EscapeDataString(user.Email!)}&token={Uri.EscapeDataString(token)}");
        await mail.SendAsync(user.Email!, subject, $"{intro}\n\n{link}\n\n{outro}", CancellationToken.None);
    }

    /// <exception cref="RuleViolation">An expired or altered link (on the token), or a new password the rules refuse.</exception>
    public async Task ResetAsync(PasswordResetConfirmation r)
    {
        var checks = new FieldChecks()
            .Require(!string.IsNullOrWhiteSpace(r.Email) && !string.IsNullOrEmpty(r.Token), "token", "account.reset_invalid")
            .Require(!string.IsNullOrEmpty(r.NewPassword), "newPassword", "required");
        checks.ThrowIfAny();
        var user = await users.FindByEmailAsync(r.Email!.Trim());
        if (user is null) new FieldChecks().Require(false, "token", "account.reset_invalid").ThrowIfAny();
        await NewPasswordChecks(user!, r.NewPassword!, checks);
        checks.ThrowIfAny();
        var reset = await users.ResetPasswordAsync(user!, r.Token!, r.NewPassword!);
        if (!reset.Succeeded) new FieldChecks().Require(false, "token", "account.reset_invalid").ThrowIfAny();
        // A reset also ends a lockout: the person proved they hold the mailbox.
        await users.SetLockoutEndDateAsync(user!, null);
        await users.ResetAccessFailedCountAsync(user!);
        LogReset(user!.Id);
    }

    /// <summary>Identity's own password validators, as one field error of ours.</summary>
    private async Task NewPasswordChecks(AppUser user, string password, FieldChecks checks)
    {
        foreach (var validator in users.PasswordValidators)
            checks.Require((await validator.ValidateAsync(users, user, password)).Succeeded, "newPassword", "account.password_weak");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of {UserId} changed")]
    private partial void LogChanged(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password reset link sent to {UserId}")]
    private partial void LogResetRequested(Guid userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Password of {UserId} reset through a mailed link")]
    private partial void LogReset(Guid userId);
}

public static class AccountEndpoints
{
    public static void MapAccounts(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Auth");

        account.MapPost("/password", async (ChangePasswordRequest body, Accounts accounts, ClaimsPrincipal user) =>
            {
                await accounts.ChangePasswordAsync(user, body);
                return Results.NoContent();
            })
            .RequireAuthorization().WithSummary("Change the caller's password (the current one is asked)");

        account.MapPost("/password-reset", async (PasswordResetRequest body, Accounts accounts) =>
            {
                await accounts.RequestResetAsync(body);
                return Results.Accepted();
            })
            .AllowAnonymous().RequireRateLimiting(PortalExtensions.LoginLimiter)
            .WithSummary("Mail a password-reset link to the address, if it has an account (the answer is the same either way)");

        account.MapPost("/password-reset/confirm", async (PasswordResetConfirmation body, Accounts accounts) =>
            {
                await accounts.ResetAsync(body);
                return Results.NoContent();
            })
            .AllowAnonymous().RequireRateLimiting(PortalExtensions.LoginLimiter)
            .WithSummary("Set a new password with the token of a reset link");

        var workers = api.MapGroup("/workers").WithTags("Auth");

        workers.MapPost("", async (WorkerSignUpRequest body, Admin.Users accounts, CancellationToken ct) =>
                Results.Created("/api/v1/workers/me", new Created(await accounts.SignUpWorkerAsync(body, ct))))
            .AllowAnonymous().RequireRateLimiting(PortalExtensions.LoginLimiter)
            .WithSummary("A worker signs up with a mobile number or an e-mail address (no real name), their union and groups");

        workers.MapGet("/me", async (Admin.Users accounts, ClaimsPrincipal user, CancellationToken ct) =>
                await accounts.WorkerProfileAsync(user.UserId()!.Value, ct) is { } p ? Results.Ok(p) : ProjectEndpoints.NotFound("worker"))
            .RequireAuthorization(Roles.Worker).WithSummary("The caller's union and groups");

        workers.MapPut("/me", async (WorkerProfileInput body, Admin.Users accounts, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await accounts.UpdateWorkerProfileAsync(user.UserId()!.Value, body, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Worker).WithSummary("Change the caller's union or groups (needs posted stay with their union)");
    }
}
