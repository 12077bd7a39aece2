using Microsoft.AspNetCore.Identity;
using Procurement.Storage.Entities;

namespace Procurement.Web.Hosting;

/// <summary>
/// An account's e-mail address, when it has one, belongs to no other account. Identity's own rule would also demand an
/// address of everyone; a worker may sign up with a mobile number alone. Two sign-ups running side by side pass this check
/// together: the unique index on the normalised address (EmailIndex) refuses the second.
/// </summary>
public sealed class UniqueEmail : IUserValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        var email = await manager.GetEmailAsync(user);
        if (string.IsNullOrWhiteSpace(email)) return IdentityResult.Success;
        var owner = await manager.FindByEmailAsync(email);
        return owner is null || owner.Id == user.Id ? IdentityResult.Success : IdentityResult.Failed(manager.ErrorDescriber.DuplicateEmail(email));
    }
}
