using Procurement.Contracts.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Procurement.Web.Hosting;

/// <summary>
/// The one place where failures become RFC 9457 problem details: rule violations with their stable code and field
/// errors, malformed requests as 400, no silo answering as 503. Nothing else is echoed: no stack traces.
/// </summary>
public sealed partial class ProblemHandler(IProblemDetailsService problems, RuleText text, ILogger<ProblemHandler> log) : IExceptionHandler
{
    /// <summary>What a 503 for an unanswered command tells the client to wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        // A person's page request gets the portal's error page (ErrorPages), not JSON.
        if (ErrorPages.IsPageRequest(http)) return false;
        var problem = exception switch
        {
            RuleViolation v => FromRejection(v),
            BadHttpRequestException b => new ProblemDetails { Status = b.StatusCode, Title = text.For("request.malformed", "The request is malformed."), Extensions = { ["code"] = "request.malformed" } },
            ClusterUnavailableException => new ProblemDetails { Status = 503, Title = text.For("service.unavailable", "The service is busy; try again shortly."), Extensions = { ["code"] = "service.unavailable" } },
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(exception, http.Request.Path);
            return false;
        }
        http.Response.StatusCode = problem.Status!.Value;
        // A 503 is worth retrying (with the same Idempotency-Key): say when. A busy grain frees up in moments; an
        // unanswered command means every silo is away for a while.
        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = problem.Extensions.TryGetValue("code", out var code) && code is "grain.busy" ? "1" : RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails FromRejection(RuleViolation r)
    {
        var problem = new ProblemDetails { Status = RuleText.Status(r), Title = text.For(r.Code, r.Message), Type = "https://procurement.local/problems/" + r.Code };
        problem.Extensions["code"] = r.Code;
        if (r.Errors.Count > 0)
            problem.Extensions["errors"] = r.Errors.ToDictionary(f => f.Key, f => f.Value.Select(text.Field).ToArray());
        return problem;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogUnhandled(Exception e, string path);
}
