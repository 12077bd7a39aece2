using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Hosting;

/// <summary>One attempt of one grain call: its unit of work, the events it raised, and their commit.</summary>
internal sealed class GrainCall(Guid key, ProcurementDb db, DateTimeOffset now)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<(object Event, Guid? Actor)> events = [];
    private readonly List<Guid> outboxIds = [];

    public Guid Key { get; } = key;
    public ProcurementDb Db { get; } = db;
    public DateTimeOffset Now { get; } = now;

    /// <summary>Ids of the outbox rows this call committed (for the dispatcher to carry the call's trace context).</summary>
    public IReadOnlyCollection<Guid> OutboxIds => outboxIds;

    public void Raise(object @event, Guid? actorId) => events.Add((@event, actorId));

    /// <summary>
    /// Saves the aggregate with its version bumped, the outbox rows and the audit entries in one transaction.
    /// Returns false when the call changed nothing. Throws <see cref="DbUpdateConcurrencyException"/> on a stale version.
    /// </summary>
    public async Task<bool> CommitAsync(AggregateRoot? root, string grainName, Guid? commandId, string? resultJson, CancellationToken ct)
    {
        if (events.Count == 0 && !Db.ChangeTracker.HasChanges()) return false;

        // The host may have begun the transaction already (a SQLite re-run holds the write lock from its first read).
        var outer = Db.Database.CurrentTransaction;
        await using var own = outer is null ? await Db.Database.BeginTransactionAsync(ct) : null;
        // The version-checked save goes first: a writer on stale state fails here as a concurrency conflict (and is
        // re-run), and the winner holds the aggregate's row while it reads the audit chain's tail and appends to it.
        if (root is not null) root.Version++;
        await Db.SaveChangesAsync(ct);
        if (events.Count > 0) await AppendAsync(root?.Id ?? Key, ct);
        if (commandId is { } id)
            Db.ProcessedMessages.Add(new ProcessedMessage { Consumer = grainName, MessageId = id, ProcessedAt = Now, Result = resultJson });
        await Db.SaveChangesAsync(ct);
        await (own ?? outer!).CommitAsync(ct);
        return true;
    }

    private async Task AppendAsync(Guid aggregateId, CancellationToken ct)
    {
        var tails = await AuditChain.TailsAsync(Db, [aggregateId], ct);
        foreach (var (outbox, audit) in AuditChain.Entries(aggregateId, tails.GetValueOrDefault(aggregateId), events, Now))
        {
            outboxIds.Add(outbox.Id);
            Db.Outbox.Add(outbox);
            Db.AuditTrail.Add(audit);
        }
    }
}

/// <summary>The hash chain of an aggregate's audit trail.</summary>
public static class AuditChain
{
    /// <summary>SHA-256 over the entry's fields and the previous hash; recomputing it along a trail detects tampering.</summary>
    public static string Hash(AuditEntry e)
    {
        var text = string.Join('|', e.PreviousHash, e.AggregateId.ToString("N"), e.Sequence, e.At.UtcTicks, e.ActorId?.ToString("N") ?? "", e.Action, e.Data);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The last entry (sequence and hash) of each aggregate's trail; an aggregate without one is absent.</summary>
    public static async Task<Dictionary<Guid, (int Sequence, string Hash)>> TailsAsync(ProcurementDb db, IReadOnlyCollection<Guid> aggregateIds, CancellationToken ct) =>
        (await db.AuditTrail.AsNoTracking()
            .Where(a => aggregateIds.Contains(a.AggregateId) && a.Sequence == db.AuditTrail.Where(b => b.AggregateId == a.AggregateId).Max(b => b.Sequence))
            .Select(a => new { a.AggregateId, a.Sequence, a.Hash }).ToListAsync(ct))
        .ToDictionary(a => a.AggregateId, a => (a.Sequence, a.Hash));

    /// <summary>
    /// Each event as an outbox row and as the next entry of the aggregate's hash chain after <paramref name="tail"/>
    /// (default: the trail is empty), for the caller to save with the aggregate.
    /// </summary>
    public static List<(OutboxMessage Outbox, AuditEntry Audit)> Entries(Guid aggregateId, (int Sequence, string? Hash) tail,
        IEnumerable<(object Event, Guid? Actor)> events, DateTimeOffset now)
    {
        var (sequence, previous) = (tail.Sequence, tail.Hash ?? "");
        var entries = new List<(OutboxMessage, AuditEntry)>();
        foreach (var (e, actor) in events)
        {
            var type = e.GetType();
            var payload = JsonSerializer.Serialize(e, type, GrainCall.Json);
            var outbox = new OutboxMessage { Id = Guid.CreateVersion7(now), Type = type.FullName!, Payload = payload, AggregateId = aggregateId, OccurredAt = now };
            var entry = new AuditEntry
            {
                AggregateId = aggregateId, Sequence = ++sequence, At = now, ActorId = actor,
                Action = type.Name, Data = payload, PreviousHash = previous,
            };
            entry.Hash = previous = Hash(entry);
            entries.Add((outbox, entry));
        }
        return entries;
    }

    /// <summary>The sequence number of the first entry that breaks the chain, or null when the trail is intact.</summary>
    public static int? FirstBroken(IReadOnlyList<AuditEntry> trail)
    {
        var previous = "";
        for (var i = 0; i < trail.Count; i++)
        {
            var e = trail[i];
            if (e.Sequence != i + 1 || e.PreviousHash != previous || Hash(e) != e.Hash) return e.Sequence;
            previous = e.Hash;
        }
        return null;
    }
}
