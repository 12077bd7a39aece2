namespace Procurement.Contracts.Grains;

/// <summary>
/// The command id of the grain call in progress, carried in Orleans' <see cref="RequestContext"/> from the caller (the
/// Web, a job) to the grain. A grain records it with the call's commit, so the same command arriving again (a client's
/// retry with its <c>Idempotency-Key</c>, the Web's retry after a silo was lost) returns the first result instead of
/// running twice.
/// </summary>
public static class CommandContext
{
    private const string Key = "procurement.command-id";

    public static Guid? CommandId
    {
        get => RequestContext.Get(Key) is Guid id ? id : null;
        set
        {
            if (value is { } id) RequestContext.Set(Key, id);
            else RequestContext.Remove(Key);
        }
    }
}
