using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Hosting;

/// <summary>
/// Base of every grain. The host creates an instance per call with a fresh unit of work, so a call that throws
/// leaves nothing behind; what a call changes and raises is committed by the host in one transaction.
/// </summary>
public abstract class Grain
{
    private GrainCall? call;

    internal GrainCall Call { get => call ?? throw new InvalidOperationException("Grain used outside a call."); set => call = value; }

    public Guid Key => Call.Key;
    protected ProcurementDb Db => Call.Db;
    protected DateTimeOffset Now => Call.Now;

    /// <summary>Raises an event; it is committed with the state (outbox) and appended to the audit trail.</summary>
    protected void Raise(object @event, Guid? actorId) => Call.Raise(@event, actorId);

    internal virtual AggregateRoot? Root => null;

    protected internal virtual Task ActivateAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A grain whose state is an aggregate in the relational model, loaded with only its own rows.</summary>
public abstract class Grain<TState> : Grain where TState : AggregateRoot
{
    private TState? state;

    /// <summary>Name used in "not found" rule codes, e.g. "project".</summary>
    protected abstract string EntityName { get; }

    protected bool Exists => state is not null;

    protected TState State => state ?? throw RuleViolation.NotFound(EntityName);

    internal override AggregateRoot? Root => state;

    /// <summary>The aggregate's query with the children it owns; the host adds the key filter.</summary>
    protected abstract IQueryable<TState> Load(ProcurementDb db);

    protected void Create(TState newState)
    {
        if (state is not null) throw new RuleViolation($"{EntityName}.exists", $"The {EntityName} already exists.", ViolationKind.Conflict);
        newState.Id = Key;
        state = newState;
        Db.Add(newState);
    }

    protected internal override async Task ActivateAsync(CancellationToken ct) =>
        state = await Load(Db).AsSplitQuery().FirstOrDefaultAsync(x => x.Id == Key, ct);
}
