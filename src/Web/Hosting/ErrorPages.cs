using Microsoft.AspNetCore.Diagnostics;
using Procurement.Contracts.Domain;

namespace Procurement.Web.Hosting;

/// <summary>
/// Which failures get the portal's error page and which get problem details: a person's browser asking for a page gets a
/// page in their language with the header and a way back; the API, the live feed, health and the dashboards keep their
/// machine answers.
/// </summary>
public static class ErrorPages
{
    private static readonly PathString[] MachinePaths = ["/api", "/hubs", "/health", "/openapi", "/admin/orleans", "/admin/hangfire", "/error"];

    public static bool IsPageRequest(HttpContext http) =>
        !MachinePaths.Any(p => http.Request.Path.StartsWithSegments(p))
        && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    /// <summary>The status a failure of a page request is shown with (a refusal keeps the status the API would give it).</summary>
    public static int StatusOf(Exception e) => e switch
    {
        RuleViolation v => RuleText.Status(v),
        ClusterUnavailableException => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException b => b.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Page requests: failures and empty error responses re-executed as /error (the status kept); the rest as problem details.</summary>
    public static WebApplication UseErrorAnswers(this WebApplication app)
    {
        app.UseWhen(IsPageRequest, pages =>
        {
            pages.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/error", StatusCodeSelector = StatusOf });
            pages.UseStatusCodePagesWithReExecute("/error/{0}");
        });
        app.UseWhen(http => !IsPageRequest(http), machines =>
        {
            machines.UseExceptionHandler();
            machines.UseStatusCodePages();
        });
        return app;
    }
}
