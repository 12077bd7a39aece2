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
        var key = http.HttpContext?.Request.Headers["Idempotency-Key"].ToString();
        var messageId = Guid.TryParse(key, out var k) ? k : NewId.NextGuid();
        Response response = await client.GetResponse<CommandAccepted, CommandRejected>(command, x => x.UseExecute(c => c.MessageId = messageId), ct);
        return response switch
        {
            (_, CommandAccepted accepted) => accepted.Id,
            (_, CommandRejected rejected) => throw new CommandRejectedException(rejected),
            _ => throw new InvalidOperationException("Unexpected response."),
        };
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
