using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Outbox;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Hosting;

/// <summary>
/// An Orleans grain whose state is an aggregate of the relational model, loaded with its own rows on the first call and
/// held by the activation. Every public grain method runs its body through <see cref="Run{T}"/>, which keeps the grain
/// semantics of docs/architecture.md on top of Orleans' one-call-at-a-time turns:
/// <list type="bullet">
/// <item>a call that changes state commits, in one transaction, the aggregate (its <c>Version</c> checked and bumped),
/// the outbox rows, the hash-chained audit entries and the command id with its result, through a unit of work that
/// lives for that call only;</item>
/// <item>a command id seen before (<see cref="CommandContext"/>) returns the first call's result and changes nothing;</item>
/// <item>a version conflict (a second activation while membership changes, a write from outside) reloads the aggregate
/// and runs the call again (an aggregate written in batches, <see cref="WrittenInBatches"/>, checks its version first); any failure drops the held state, so the next call starts from the database.</item>
/// </list>
/// </summary>
public abstract partial class AggregateGrain<TState> : Grain where TState : AggregateRoot
{
    /// <summary>Runs of one call before it gives up as <c>grain.busy</c> (only a write from outside the grain keeps losing).</summary>
    public const int MaxAttempts = 8;

    private TState? state;
    private bool loaded;
    private GrainCall? call;

    /// <summary>Name used in "not found" rule codes and in the record of handled commands, e.g. "project".</summary>
    protected abstract string EntityName { get; }

    /// <summary>The aggregate's query with the children it owns; the key filter is added here.</summary>
    protected abstract IQueryable<TState> Load(ProcurementDb db);

    /// <summary>
    /// True when something besides this grain writes the aggregate (the quarter start opens reviews in batches): every
    /// call then compares the held version with the stored one, one indexed read, so it never works on stale state.
    /// </summary>
    protected virtual bool WrittenInBatches => false;

    protected Guid Key => this.GetPrimaryKey();

    protected ProcurementDb Db => Call.Db;

    /// <summary>The time of the call in progress (every event and row of one call carries the same instant).</summary>
    protected DateTimeOffset Now => Call.Now;

    protected bool Exists => state is not null;

    protected TState State => state ?? throw RuleViolation.NotFound(EntityName);

    private GrainCall Call => call ?? throw new InvalidOperationException("Grain state used outside Run.");

    /// <summary>Raises an event; it is committed with the state (outbox) and appended to the audit trail.</summary>
    protected void Raise(object @event, Guid? actorId) => Call.Raise(@event, actorId);

    protected void Create(TState newState)
    {
        if (state is not null) throw new RuleViolation($"{EntityName}.exists", $"The {EntityName} already exists.", ViolationKind.Conflict);
        newState.Id = Key;
        state = newState;
        Db.Add(newState);
    }

    protected Task Run(Func<Task> body) => Run<object?>(async () =>
    {
        await body();
        return null;
    });

    /// <summary>Runs a grain method's body as one committed unit of work (see the class summary).</summary>
    protected async Task<T> Run<T>(Func<Task<T>> body)
    {
        if (call is not null) throw new InvalidOperationException("A grain method's body runs another's: call its rules directly.");
        var services = ServiceProvider;
        var commandId = CommandContext.CommandId;
        var grainName = $"{EntityName}/{Key:N}";
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
            // SQLite has one writer: a re-run after a lost race takes the write lock before it reads, so it cannot be stale
            // again. (A server database lets writers run side by side: there the version check alone decides.)
            await using var lockedRerun = attempt > 1 && db.Database.IsSqlite() ? await db.Database.BeginTransactionAsync() : null;
            if (commandId is { } id)
            {
                var done = await db.ProcessedMessages.AsNoTracking()
                    .Where(m => m.Consumer == grainName && m.MessageId == id).Select(m => new { m.Result }).FirstOrDefaultAsync();
                if (done is not null) return done.Result is null ? default! : JsonSerializer.Deserialize<T>(done.Result, GrainCall.Json)!;
            }

            // An aggregate also written in batches outside its grain is checked first: held state whose version moved is reloaded.
            if (loaded && state is not null && WrittenInBatches
                && await db.Set<TState>().Where(x => x.Id == Key).Select(x => x.Version).FirstOrDefaultAsync() != state.Version)
                Forget();
            if (!loaded)
            {
                state = await Load(db).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == Key);
                loaded = true;
            }
            else if (state is not null)
            {
                // The held aggregate joins this call's unit of work as it was last committed; what the call changes is
                // detected against that snapshot.
                db.Attach(state);
            }

            call = new GrainCall(Key, db, StoredTime.Of(services.GetRequiredKeyedService<TimeProvider>(DomainClock.Key).GetUtcNow()));
            try
            {
                var result = await body();
                var resultJson = typeof(T) == typeof(object) ? null : JsonSerializer.Serialize(result, GrainCall.Json);
                if (await call.CommitAsync(state, grainName, commandId, resultJson, CancellationToken.None))
                    services.GetRequiredService<OutboxSignal>().Notify(call.OutboxIds);
                return result;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                Forget();
                services.GetRequiredService<GrainConflicts>().Count();
                LogConflict(services.GetRequiredService<ILogger<AggregateGrain<TState>>>(), grainName, attempt);
            }
            catch (DbUpdateConcurrencyException)
            {
                Forget();
                throw new RuleViolation("grain.busy", $"{grainName} kept changing under this call; retry the request.", ViolationKind.Conflict);
            }
            catch
            {
                Forget();
                throw;
            }
            finally
            {
                call = null;
            }
        }
    }

    /// <summary>Drops the held state: the next call loads it again from the database.</summary>
    private void Forget()
    {
        state = null;
        loaded = false;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Concurrency conflict on {Grain}, attempt {Attempt}; re-running on fresh state")]
    private static partial void LogConflict(ILogger log, string grain, int attempt);
}

/// <summary>Calls re-run on this silo because another writer committed first: zero while every grain has one activation.</summary>
public sealed class GrainConflicts
{
    private long count;

    public long Total => Interlocked.Read(ref count);

    internal void Count() => Interlocked.Increment(ref count);
}

/// <summary>
/// An instant as every provider stores it (UTC, whole milliseconds). Times a call puts into state go through it, so the
/// state an activation holds is the state a reload would give, and audit hashes verify from the stored rows.
/// </summary>
public static class StoredTime
{
    public static DateTimeOffset Of(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        return utc.AddTicks(-(utc.UtcTicks % TimeSpan.TicksPerMillisecond));
    }
}
