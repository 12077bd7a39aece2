using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Procurement.Silo.Hosting;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

/// <summary>
/// The portal's page for a page request that failed: not found, refused, a server error, the service away. Reached by
/// re-execution (the status is kept) or, for refused access, by the sign-in cookie's redirect. The API keeps problem
/// details (<see cref="ErrorPages.IsPageRequest"/> decides which is which).
/// </summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>The statuses with their own words; any other is shown as its class (4xx as 400, 5xx as 500).</summary>
    private static readonly int[] Known = [400, 401, 403, 404, 409, 429, 500, 503];

    public int Status { get; private set; }

    /// <summary>The resource key of the status's words (Error_404_Title, Error_404_Text).</summary>
    public string Kind { get; private set; } = "500";

    /// <summary>What the person can quote to the help desk: the request's trace id, as on its log lines.</summary>
    public string? Reference { get; private set; }

    /// <summary>The page the person was on before (same site only), for 返回上一页.</summary>
    public string? Back { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        // Re-executed: the response already carries the failure's status. Asked for directly (/error/403): the code says it.
        Status = reExecuted ? Response.StatusCode : code is >= 400 and <= 599 ? code.Value : 404;
        Response.StatusCode = Status;
        Kind = (Known.Contains(Status) ? Status : Status < 500 ? 400 : 500).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Status >= 500) Reference = Observability.CorrelationId ?? HttpContext.TraceIdentifier;
        if (Status == 503) Response.Headers.RetryAfter = ProblemHandler.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var referer = Request.Headers.Referer.ToString();
        if (Uri.TryCreate(referer, UriKind.Absolute, out var from) && from.Authority == Request.Host.Value && from.AbsolutePath != Request.Path)
            Back = from.PathAndQuery;
    }
}
