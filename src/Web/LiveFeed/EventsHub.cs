using Microsoft.AspNetCore.SignalR;
using Procurement.Contracts.Domain;
using Procurement.Web.Hosting;

namespace Procurement.Web.LiveFeed;

/// <summary>
/// Pushes events to browsers. A connection joins only the groups its user may see: everyone "public", a union admin
/// its own union (events of its subtree are sent to every ancestor's group), an organization member its organization, a signed-in person their own notices.
/// </summary>
public sealed class EventsHub : Hub
{
    public const string Public = "public";
    public const string Admins = "admins";

    public static string UnionGroup(Guid unionId) => "union:" + unionId.ToString("N");
    public static string OrganizationGroup(Guid organizationId) => "org:" + organizationId.ToString("N");
    public static string UserGroup(Guid userId) => "user:" + userId.ToString("N");

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, Public);
        if (user.UserId() is { } userId) await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(userId));
        if (user.IsInRole(Roles.PlatformAdmin)) await Groups.AddToGroupAsync(Context.ConnectionId, Admins);
        if (user.IsInRole(Roles.UnionAdmin) && user.GuidClaim(PortalClaims.UnionId) is { } unionId)
            await Groups.AddToGroupAsync(Context.ConnectionId, UnionGroup(unionId));
        if (user.IsInRole(Roles.OrganizationMember) && user.GuidClaim(PortalClaims.OrganizationId) is { } organizationId)
            await Groups.AddToGroupAsync(Context.ConnectionId, OrganizationGroup(organizationId));
        await base.OnConnectedAsync();
    }
}
