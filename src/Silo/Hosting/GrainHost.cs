using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Silo.Outbox;
using Procurement.Storage;

namespace Procurement.Silo.Hosting;

/// <summary>The grain failed to commit after repeated concurrency conflicts; the caller may retry.</summary>
public sealed class GrainBusyException(string message) : Exception(message);

/// <summary>
/// Hosts grain activations on this node. Keeps the grain semantics of docs/architecture.md: one call at a time
/// per grain in arrival order; state and events committed together; a stale write detected by the version token
/// and re-run on fresh state; events leave through the outbox.
/// </summary>
public sealed partial class GrainHost(
    IServiceScopeFactory scopes, GrainRegistry registry, TimeProvider time, OutboxSignal outbox, ILogger<GrainHost> log)
{
    public const int MaxAttempts = 24;
    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(Type, Guid), Activation> activations = new();
    private long conflicts;

    /// <summary>Live activations on this node.</summary>
    public int ActivationCount => activations.Count;

    /// <summary>Calls re-run because another writer committed first (across nodes, or from outside the host).</summary>
    public long ConflictRetries => Interlocked.Read(ref conflicts);

    internal async Task<T> InvokeAsync<T>(Type grainInterface, Guid key, MethodInfo method, object?[] args)
    {
        var activation = await EnterAsync(grainInterface, key);
        try
        {
            return await RunAsync<T>(grainInterface, key, method, args, RequestContext.CommandId);
        }
        finally
        {
            activation.LastUsed = time.GetUtcNow();
            activation.Turn.Exit();
        }
    }

    private async Task<Activation> EnterAsync(Type grainInterface, Guid key)
    {
        while (true)
        {
            var activation = activations.GetOrAdd((grainInterface, key), _ => new Activation());
            if (await activation.Turn.EnterAsync()) return activation;
        }
    }

    private async Task<T> RunAsync<T>(Type grainInterface, Guid key, MethodInfo method, object?[] args, Guid? commandId)
    {
        var grainName = $"{grainInterface.Name}/{key:N}";
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
            // SQLite has one writer: a call that lost a race waited for the winner's lock holding state read before the
            // winner committed, and would lose the same way again. Its re-run takes the write lock before it reads, so it
            // cannot be stale. (A server database lets writers run side by side: there the version check alone decides.)
            await using var lockedRerun = attempt > 1 && db.Database.IsSqlite() ? await db.Database.BeginTransactionAsync() : null;
            if (commandId is { } id)
            {
                var done = await db.ProcessedMessages.AsNoTracking()
                    .Where(m => m.Consumer == grainName && m.MessageId == id).Select(m => new { m.Result }).FirstOrDefaultAsync();
                if (done is not null)
                    return done.Result is null ? default! : JsonSerializer.Deserialize<T>(done.Result, GrainCall.Json)!;
            }

            var grain = (Grain)ActivatorUtilities.CreateInstance(scope.ServiceProvider, registry.Implementation(grainInterface));
            // Millisecond precision: what every provider stores exactly, so audit hashes verify from the stored rows.
            var now = time.GetUtcNow();
            var call = new GrainCall(key, db, now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMillisecond)));
            grain.Call = call;
            await grain.ActivateAsync(CancellationToken.None);
            var result = await Invoke<T>(grain, method, args);
            try
            {
                var resultJson = typeof(T) == typeof(object) ? null : JsonSerializer.Serialize(result, GrainCall.Json);
                if (await call.CommitAsync(grain.Root, grainName, commandId, resultJson, CancellationToken.None)) outbox.Notify(call.OutboxIds);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                Interlocked.Increment(ref conflicts);
                LogConflict(grainName, attempt);
                // The loser re-runs at once on the state the winner just committed, racing the winner's next call on equal
                // terms; a short random wait after repeated losses keeps two nodes from colliding in lockstep. (A long wait
                // starves the loser: the winner's queued calls commit one after another while it sleeps.)
                if (attempt > 2) await Task.Delay(Random.Shared.Next(0, 2 * attempt));
            }
            catch (DbUpdateConcurrencyException)
            {
                throw new GrainBusyException($"{grainName} is busy; retry the request.");
            }
        }
    }

    private static async Task<T> Invoke<T>(Grain grain, MethodInfo method, object?[] args)
    {
        object? returned;
        try
        {
            returned = method.Invoke(grain, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
        switch (returned)
        {
            case Task<T> typed:
                return await typed;
            case Task task:
                await task;
                return default!;
            default:
                throw new InvalidOperationException($"Grain method {method.Name} must return Task or Task<T>.");
        }
    }

    /// <summary>Drops activations idle for a while; called periodically by <see cref="SiloHostedService"/>.</summary>
    public int DropIdle()
    {
        var cutoff = time.GetUtcNow() - IdleAfter;
        var dropped = 0;
        foreach (var (id, activation) in activations)
            if (activation.LastUsed < cutoff && activation.Turn.TryRetire() && activations.TryRemove(id, out _))
                dropped++;
        return dropped;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrency conflict on {Grain}, attempt {Attempt}; re-running on fresh state")]
    private partial void LogConflict(string grain, int attempt);

    private sealed class Activation
    {
        public TurnLock Turn { get; } = new();
        public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>Which class implements each grain interface.</summary>
public sealed class GrainRegistry
{
    private readonly Dictionary<Type, Type> implementations = [];

    public GrainRegistry Add<TInterface, TGrain>() where TGrain : Grain, TInterface
    {
        implementations[typeof(TInterface)] = typeof(TGrain);
        return this;
    }

    public Type Implementation(Type grainInterface) =>
        implementations.TryGetValue(grainInterface, out var t) ? t : throw new InvalidOperationException($"No grain implements {grainInterface.Name}.");
}
