namespace Procurement.Silo.Hosting;

/// <summary>
/// Values that flow with a call into grains, like Orleans' RequestContext. The command id makes a grain call
/// idempotent: a redelivered command returns the first call's result instead of running again.
/// </summary>
public static class RequestContext
{
    private static readonly AsyncLocal<Guid?> commandId = new();

    public static Guid? CommandId
    {
        get => commandId.Value;
        set => commandId.Value = value;
    }
}
