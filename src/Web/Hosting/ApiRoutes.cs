using Procurement.Web.Features.Admin;
using Procurement.Web.Features.Auth;
using Procurement.Web.Features.Contracts;
using Procurement.Web.Features.Dashboard;
using Procurement.Web.Features.Organizations;
using Procurement.Web.Features.Projects;
using Procurement.Web.Features.Home;
using Procurement.Web.Features.Notices;
using Procurement.Web.Features.Unions;
using Procurement.Web.Features.Announcements;
using Procurement.Web.Features.Needs;
using Procurement.Web.Features.Evaluators;

namespace Procurement.Web.Hosting;

public static class ApiRoutes
{
    /// <summary>The JSON API, v1. Paths are stable: outside clients rely on them (DESIGN.md §4).</summary>
    public static void MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").DisableAntiforgery();
        api.MapLogin();
        api.MapAccounts();
        api.MapUnionTree();
        api.MapStats();
        api.MapJobs();
        api.MapUsers();
        api.MapOrganizations();
        api.MapProjects();
        api.MapObjections();
        api.MapDocuments();
        api.MapUnionSettings();
        api.MapAnnouncements();
        api.MapNeeds();
        api.MapFeedback();
        api.MapTies();
        api.MapContracts();
        api.MapDashboard();
        api.MapNotices();
    }
}
