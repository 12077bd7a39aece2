using Microsoft.EntityFrameworkCore;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>What a grain call can leave behind for one aggregate; two equal snapshots mean the call changed nothing.</summary>
public sealed record Snapshot(long Version, int BidCount, int Bids, int OutboxRows, int AuditEntries, int HandledCommands)
{
    public static Task<Snapshot> OfProjectAsync(SiloNode node, Guid projectId) => node.DbAsync(async db =>
    {
        var ct = TestContext.Current.CancellationToken;
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == projectId, ct);
        return new Snapshot(
            project.Version, project.BidCount,
            await db.Bids.CountAsync(b => b.ProjectId == projectId, ct),
            await db.Outbox.CountAsync(m => m.AggregateId == projectId, ct),
            await db.AuditTrail.CountAsync(a => a.AggregateId == projectId, ct),
            await db.ProcessedMessages.CountAsync(ct));
    });
}
