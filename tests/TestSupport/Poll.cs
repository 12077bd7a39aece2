namespace Procurement.Tests.Support;

/// <summary>Waits for something asynchronous (a dispatch, a consumer) to happen, without fixed sleeps.</summary>
public static class Poll
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <returns>True as soon as <paramref name="condition"/> holds; false when <paramref name="timeout"/> passed first.</returns>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await condition()) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    public static Task<bool> UntilAsync(Func<bool> condition, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout);
}
