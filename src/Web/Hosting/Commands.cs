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

/// <summary>
/// Sends commands to the Silo over the bus (request/response). The HTTP request's <c>Idempotency-Key</c>, when given,
/// becomes the message id, so a client's retry of the same request is carried out once.
/// </summary>
public sealed class CommandSender(IServiceProvider services, IHttpContextAccessor http)
{
    public async Task<Guid> SendAsync<TCommand>(TCommand command, CancellationToken ct = default) where TCommand : class
    {
        var client = services.GetRequiredService<IRequestClient<TCommand>>();
        var messageId = IdempotentId(http.HttpContext) ?? NewId.NextGuid();
        Response response = await client.GetResponse<CommandAccepted, CommandRejected>(command, x => x.UseExecute(c => c.MessageId = messageId), ct);
        return response switch
        {
            (_, CommandAccepted accepted) => accepted.Id,
            (_, CommandRejected rejected) => throw new CommandRejectedException(rejected),
            _ => throw new InvalidOperationException("Unexpected response."),
        };
    }

    /// <summary>
    /// The command id for a request carrying <c>Idempotency-Key</c>: derived from the key and the caller, so a retry by the
    /// same caller is recognised and another caller's identical key is not taken for it.
    /// </summary>
    public static Guid? IdempotentId(HttpContext? http)
    {
        var key = http?.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200) return null;
        var caller = http!.User.UserId()?.ToString("N") ?? "anonymous";
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(caller + "\n" + key));
        return new Guid(hash.AsSpan(0, 16));
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
