using Procurement.Contracts.Domain;
using Microsoft.AspNetCore.Identity;
using Procurement.Storage.Entities;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public static class LoginEndpoint
{
    /// <summary>
    /// POST /api/v1/auth/login → bearer token ({tokenType, accessToken, expiresIn, refreshToken}).
    /// Failed attempts count towards lockout; the endpoint is rate limited per client address.
    /// </summary>
    public static void MapLogin(this IEndpointRouteBuilder api) =>
        api.MapPost("/auth/login", async (LoginRequest body, SignInManager<AppUser> signIn, RuleText text) =>
        {
            if (string.IsNullOrWhiteSpace(body.Email) || string.IsNullOrWhiteSpace(body.Password))
                return Results.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        ["email"] = string.IsNullOrWhiteSpace(body.Email) ? [text.Field("required")] : [],
                        ["password"] = string.IsNullOrWhiteSpace(body.Password) ? [text.Field("required")] : [],
                    }.Where(e => e.Value.Length > 0).ToDictionary(),
                    title: text.For("validation.failed", "One or more fields are invalid."));

            signIn.AuthenticationScheme = IdentityConstants.BearerScheme;
            var result = await signIn.PasswordSignInAsync(Contact.SignInName(body.Email), body.Password, isPersistent: false, lockoutOnFailure: true);
            if (result.Succeeded) return Results.Empty; // the bearer handler has written the token
            var code = result.IsLockedOut ? "auth.locked_out" : "auth.invalid";
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: text.For(code, "Invalid email or password."),
                extensions: new Dictionary<string, object?> { ["code"] = code });
        })
        .AllowAnonymous()
        .RequireRateLimiting(PortalExtensions.LoginLimiter)
        .WithTags("Auth")
        .WithSummary("Sign in and receive a bearer token");
}
