namespace Procurement.Silo.Hosting;

/// <summary>
/// An async lock that admits waiters strictly in arrival order, so a grain's calls run one at a time in the
/// order they came (SemaphoreSlim makes no ordering promise).
/// </summary>
public sealed class TurnLock
{
    private readonly Queue<TaskCompletionSource> waiters = new();
    private bool held;
    private bool retired;

    /// <summary>Number of calls holding or waiting for the turn; the host drops idle activations at zero.</summary>
    public int Pending { get; private set; }

    /// <summary>Waits for the turn; false when the lock was retired (its activation dropped), so the caller gets a new one.</summary>
    public async Task<bool> EnterAsync()
    {
        Task wait;
        lock (waiters)
        {
            if (retired) return false;
            Pending++;
            if (!held)
            {
                held = true;
                return true;
            }
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Enqueue(tcs);
            wait = tcs.Task;
        }
        await wait;
        return true;
    }

    /// <summary>Retires the lock if nobody holds or waits for it; later <see cref="EnterAsync"/> calls return false.</summary>
    public bool TryRetire()
    {
        lock (waiters)
        {
            if (Pending > 0) return false;
            retired = true;
            return true;
        }
    }

    public void Exit()
    {
        TaskCompletionSource? next;
        lock (waiters)
        {
            Pending--;
            if (!waiters.TryDequeue(out next)) held = false;
        }
        next?.SetResult();
    }
}
