using MassTransit;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Runs a consumer's database effect at most once per message: the effect and the record of the handled message
/// id commit in one transaction, so a redelivered message (the outbox publishes at least once) changes nothing.
/// </summary>
public static class Idempotency
{
    /// <param name="stage">Adds the effect to <paramref name="db"/> without saving.</param>
    /// <returns>False when the message had already been handled.</returns>
    public static async Task<bool> HandleOnceAsync(this ProcurementDb db, ConsumeContext context, string consumer, TimeProvider time, Func<Task> stage)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("Events carry a message id (the outbox row id).");
        var ct = context.CancellationToken;
        if (await db.ProcessedMessages.AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, ct)) return false;

        await stage();
        db.ProcessedMessages.Add(new ProcessedMessage { Consumer = consumer, MessageId = messageId, ProcessedAt = time.GetUtcNow() });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node may have handled the same delivery at the same moment: then its commit stands.
            db.ChangeTracker.Clear();
            if (await db.ProcessedMessages.AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, ct)) return false;
            throw;
        }
    }
}
