using MassTransit;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;

namespace Procurement.Web.Hosting;

/// <summary>A command the Silo refused; carried to the one place that turns it into problem details or form errors.</summary>
public sealed class CommandRejectedException(CommandRejected rejection) : Exception(rejection.Message)
{
    public CommandRejected Rejection { get; } = rejection;
}

/// <summary>The Silo did not answer a command within <c>Commands:Timeout</c> (broker away, every Silo down or busy).</summary>
public sealed class CommandTimeoutException(string command, TimeSpan waited, Exception? inner = null)
    : Exception($"No answer to {command} within {waited.TotalSeconds:0.#} s.", inner);

/// <summary>
/// Sends commands to the Silo over the bus (request/response). The HTTP request's <c>Idempotency-Key</c>, when given,
/// becomes the message id, so a client's retry of the same request is carried out once.
/// </summary>
/// <remarks>
/// The whole exchange (sending, which waits for the broker connection while RabbitMQ is away, and awaiting the answer)
/// is bounded by <c>Commands:Timeout</c> (default 15 s): MassTransit's request timeout starts with the request but does
/// not end a send still waiting for the broker. A command abandoned here may still be carried out later; the client's
/// retry with the same key then gets its first result.
/// </remarks>
public sealed partial class CommandSender(IServiceProvider services, IHttpContextAccessor http, IConfiguration config, ILogger<CommandSender> log)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    public async Task<Guid> SendAsync<TCommand>(TCommand command, CancellationToken ct = default) where TCommand : class
    {
        var client = services.GetRequiredService<IRequestClient<TCommand>>();
        var messageId = IdempotentId(http.HttpContext) ?? NewId.NextGuid();
        var limit = config.GetValue("Commands:Timeout", DefaultTimeout);
        var name = typeof(TCommand).Name;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(limit);
        Response response;
        try
        {
            // WaitAsync ends the wait even if a send stuck on the broker connection ignores the cancellation.
            response = await client.GetResponse<CommandAccepted, CommandRejected>(command, x => x.UseExecute(c => c.MessageId = messageId), bounded.Token, limit)
                .WaitAsync(limit, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is TimeoutException or OperationCanceledException or RequestTimeoutException)
        {
            LogAnswered(name, messageId, "no answer", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw new CommandTimeoutException(name, limit, e);
        }
        LogAnswered(name, messageId, response.Message is CommandRejected r ? r.Code : "accepted", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return response switch
        {
            (_, CommandAccepted accepted) => accepted.Id,
            (_, CommandRejected rejected) => throw new CommandRejectedException(rejected),
            _ => throw new InvalidOperationException("Unexpected response."),
        };
    }

    // One line per command on the Web, the pair of the Silo's "Command … carried out" line: both carry the request's trace id.
    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} {MessageId} answered: {Outcome} in {ElapsedMs:0} ms")]
    private partial void LogAnswered(string command, Guid messageId, string outcome, double elapsedMs);

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

    public static int Status(CommandRejected r) => r.Code == "grain.busy" ? StatusCodes.Status503ServiceUnavailable : r.Kind switch
    {
        ViolationKind.NotFound => StatusCodes.Status404NotFound,
        ViolationKind.Forbidden => StatusCodes.Status403Forbidden,
        ViolationKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}
