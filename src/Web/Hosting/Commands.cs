using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;

namespace Procurement.Web.Hosting;

/// <summary>No silo answered a command within <c>Commands:Timeout</c> (every silo down, the cluster re-forming).</summary>
public sealed class ClusterUnavailableException(string command, TimeSpan waited, Exception? inner = null)
    : Exception($"No silo answered {command} within {waited.TotalSeconds:0.#} s.", inner);

/// <summary>
/// Calls a grain for a request of the portal or the API. The call carries a command id in Orleans' request context: the
/// request's <c>Idempotency-Key</c> (derived per caller) or a new one. When the silo holding the grain is lost mid-call
/// (killed, stopping, the cluster re-forming), the call is made again with the same id, so it takes effect once and the
/// person never sees that failure; after <c>Commands:Timeout</c> (default 15 s) it gives up with
/// <see cref="ClusterUnavailableException"/> (503 with Retry-After). A refusal (<see cref="RuleViolation"/>) is not retried.
/// An accepted command marks this Web's aggregates stale (<see cref="Features.AggregateCache"/>), so the person's next page
/// shows what they just did even when it raised no event the live feed carries (a new draft).
/// </summary>
public sealed partial class GrainCommands(IGrainFactory grains, IHttpContextAccessor http, IConfiguration config, Features.AggregateCache cache,
    ILogger<GrainCommands> log)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public async Task RunAsync(Func<IGrainFactory, Task> call, [CallerArgumentExpression(nameof(call))] string expression = "") =>
        await RunAsync(async g =>
        {
            await call(g);
            return true;
        }, expression);

    public async Task<T> RunAsync<T>(Func<IGrainFactory, Task<T>> call, [CallerArgumentExpression(nameof(call))] string expression = "")
    {
        var name = CommandName(expression);
        var commandId = IdempotentId(http.HttpContext) ?? Guid.CreateVersion7();
        var limit = config.GetValue("Commands:Timeout", DefaultTimeout);
        var started = Stopwatch.GetTimestamp();
        var previous = CommandContext.CommandId;
        CommandContext.CommandId = commandId;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // A silo that holds a call without answering (stalled, or dying slowly) is given up on at the limit.
                    var remaining = limit - Stopwatch.GetElapsedTime(started);
                    var result = await call(grains).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
                    LogAnswered(name, commandId, "accepted", attempt, Elapsed(started));
                    cache.Changed();
                    return result;
                }
                catch (RuleViolation v)
                {
                    LogAnswered(name, commandId, v.Code, attempt, Elapsed(started));
                    throw;
                }
                catch (Exception e) when (IsSiloLoss(e))
                {
                    if (Stopwatch.GetElapsedTime(started) + Pause(attempt) >= limit)
                    {
                        LogAnswered(name, commandId, "no answer", attempt, Elapsed(started));
                        throw new ClusterUnavailableException(name, limit, e);
                    }
                    LogRetrying(name, commandId, attempt, e.GetType().Name);
                    await Task.Delay(Pause(attempt));
                }
            }
        }
        finally
        {
            CommandContext.CommandId = previous;
        }
    }

    /// <summary>Failures that mean "the silo went away", not "the grain refused": safe to repeat under the same command id.</summary>
    private static bool IsSiloLoss(Exception e) => e is OrleansMessageRejectionException or TimeoutException
        or Orleans.Runtime.Messaging.ConnectionFailedException or OrleansException { InnerException: OrleansMessageRejectionException };

    private static TimeSpan Pause(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 100 * attempt));

    private static double Elapsed(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    /// <summary>"g => g.GetGrain&lt;IProjectGrain&gt;(id).Publish(actor)" → "Publish": the grain method, for the log line.</summary>
    private static string CommandName(string expression) =>
        GrainMethod().Match(expression) is { Success: true } m ? m.Groups[1].Value
        : FirstMethod().Match(expression) is { Success: true } f ? f.Groups[1].Value : "command";

    [GeneratedRegex(@"GetGrain<\w+>\([^)]*\)\.(\w+)\(")]
    private static partial Regex GrainMethod();

    [GeneratedRegex(@"\.(\w+)\(")]
    private static partial Regex FirstMethod();

    // One line per command on the Web: its outcome, the tries it took, and the request's trace id (as a scope).
    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} {CommandId} answered: {Outcome} after {Attempts} attempt(s) in {ElapsedMs:0} ms")]
    private partial void LogAnswered(string command, Guid commandId, string outcome, int attempts, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Command {Command} {CommandId}: silo lost on attempt {Attempt} ({Error}); calling again with the same id")]
    private partial void LogRetrying(string command, Guid commandId, int attempt, string error);

    /// <summary>
    /// The command id for a request carrying <c>Idempotency-Key</c>: derived from the key and the caller, so a retry by the
    /// same caller is recognised and another caller's identical key is not taken for it.
    /// </summary>
    public static Guid? IdempotentId(HttpContext? http)
    {
        var key = http?.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return null;
        var caller = http!.User.UserId()?.ToString("N") ?? "anonymous";
        return DerivedId.Of(caller + "\n" + key);
    }
}

/// <summary>Turns rule codes into text for people, from the resource files; unknown codes fall back to the rule's own message.</summary>
public sealed class RuleText(IStringLocalizer<SharedResource> text)
{
    public string For(string code, string fallback)
    {
        var s = text["Rule_" + code];
        return s.ResourceNotFound ? fallback : s.Value;
    }

    public string Field(string code)
    {
        var s = text["Rule_" + code];
        return s.ResourceNotFound ? code : s.Value;
    }

    public static int Status(RuleViolation v) => v.Code == "grain.busy" ? StatusCodes.Status503ServiceUnavailable : v.Kind switch
    {
        ViolationKind.NotFound => StatusCodes.Status404NotFound,
        ViolationKind.Forbidden => StatusCodes.Status403Forbidden,
        ViolationKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
