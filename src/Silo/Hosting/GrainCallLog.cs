using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;

namespace Procurement.Silo.Hosting;

/// <summary>
/// One Debug line per grain call on the silo that ran it, the pair of the Web's "Command … answered" line: the grain, the
/// method, the command id and the outcome, under the caller's trace id (carried by Orleans' activity propagation).
/// </summary>
public sealed partial class GrainCallLog(ILogger<GrainCallLog> log) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        // The platform's own grains only: Orleans' system grains (the dashboard polls every second) would drown them.
        if (!log.IsEnabled(LogLevel.Debug) || context.TargetContext.GrainInstance?.GetType().Namespace?.StartsWith("Procurement.", StringComparison.Ordinal) != true)
        {
            await context.Invoke();
            return;
        }
        try
        {
            await context.Invoke();
            LogCall(context.TargetId.ToString(), context.MethodName, CommandContext.CommandId, "done");
        }
        catch (RuleViolation v)
        {
            LogCall(context.TargetId.ToString(), context.MethodName, CommandContext.CommandId, v.Code);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Grain call {Grain}.{Method} {CommandId}: {Outcome}")]
    private partial void LogCall(string grain, string method, Guid? commandId, string outcome);
}
