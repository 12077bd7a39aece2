using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Contracts;

/// <summary>
/// Opening a contract's quarterly review: one rule for the contract grain (one contract, in its turn) and for the quarter
/// start (<see cref="OpenBatchAsync"/>: many contracts in one transaction, each contract's version checked).
/// </summary>
public static class ReviewOpening
{
    /// <summary>A contract in delivery, signed before the quarter ended, without this quarter's review yet.</summary>
    public static bool IsDue(Contract c, DateTimeOffset quarterEnd, bool hasReview) =>
        c.Status is ContractStatus.Active or ContractStatus.Rectifying && c.SignedAt < quarterEnd && !hasReview;

    /// <summary>The review and its event. Its evaluators are the project's who declared no conflict on its bids; each declares again per review.</summary>
    public static (QuarterlyReview Review, ReviewOpened Event) Open(Contract c, string quarter, DateTimeOffset dueAt, IReadOnlyList<Guid> evaluators,
        List<int>? unionWeights, DateTimeOffset now)
    {
        var review = new QuarterlyReview
        {
            Id = Guid.CreateVersion7(now), ContractId = c.Id, Quarter = quarter, OpenedAt = now, DueAt = dueAt, Status = ReviewStatus.Open,
            Weights = unionWeights ?? [.. ReviewRules.DefaultWeights],
        };
        review.Evaluators = [.. evaluators.Select(id => new ReviewEvaluator { ReviewId = review.Id, EvaluatorId = id })];
        return (review, new ReviewOpened(review.Id, c.Id, quarter, c.OrganizationId, c.UnionPath, c.Title, evaluators, dueAt, now));
    }

    /// <summary>The reviewing evaluators of each project.</summary>
    public static async Task<Dictionary<Guid, List<Guid>>> EvaluatorsAsync(ProcurementDb db, IReadOnlyCollection<Guid> projectIds, CancellationToken ct) =>
        (await db.EvaluatorAssignments.AsNoTracking()
            .Where(e => projectIds.Contains(e.ProjectId) && e.DeclaredNoConflictAt != null && !e.ConflictDeclared)
            .Select(e => new { e.ProjectId, e.EvaluatorId }).ToListAsync(ct))
        .GroupBy(e => e.ProjectId).ToDictionary(g => g.Key, g => g.Select(e => e.EvaluatorId).ToList());

    /// <summary>Each union's own review weights, where it set them.</summary>
    public static async Task<Dictionary<Guid, List<int>>> WeightsAsync(ProcurementDb db, IReadOnlyCollection<Guid> unionIds, CancellationToken ct) =>
        await db.Unions.AsNoTracking().Where(u => unionIds.Contains(u.Id) && u.ReviewWeights != null)
            .ToDictionaryAsync(u => u.Id, u => u.ReviewWeights!, ct);

    /// <summary>
    /// Opens the quarter's review of every due contract among <paramref name="contractIds"/> in one transaction: each
    /// contract's version checked and bumped as its grain would, its event in the outbox and on its audit chain. Returns
    /// how many opened and the outbox rows written; null when a contract changed meanwhile (then nothing is committed:
    /// the caller opens those contracts one by one through their grains). Contracts not due are left alone, so a batch
    /// run again opens nothing twice.
    /// </summary>
    public static async Task<(int Opened, List<Guid> OutboxIds)?> OpenBatchAsync(ProcurementDb db, IReadOnlyCollection<Guid> contractIds, string quarter,
        DateTimeOffset quarterEnd, DateTimeOffset dueAt, DateTimeOffset now, CancellationToken ct)
    {
        var contracts = await db.Contracts.AsNoTracking().Where(c => contractIds.Contains(c.Id)).ToListAsync(ct);
        var reviewed = (await db.QuarterlyReviews.AsNoTracking().Where(r => contractIds.Contains(r.ContractId) && r.Quarter == quarter)
            .Select(r => r.ContractId).ToListAsync(ct)).ToHashSet();
        var due = contracts.Where(c => IsDue(c, quarterEnd, reviewed.Contains(c.Id))).ToList();
        var outboxIds = new List<Guid>();
        if (due.Count == 0) return (0, outboxIds);

        var evaluators = await EvaluatorsAsync(db, [.. due.Select(c => c.ProjectId).Distinct()], ct);
        var weights = await WeightsAsync(db, [.. due.Select(c => c.UnionId).Distinct()], ct);
        var tails = await AuditChain.TailsAsync(db, [.. due.Select(c => c.Id)], ct);
        var reviews = new List<QuarterlyReview>();
        var entries = new List<(OutboxMessage Outbox, AuditEntry Audit)>();
        foreach (var c in due)
        {
            var (review, opened) = Open(c, quarter, dueAt, evaluators.GetValueOrDefault(c.ProjectId) ?? [], weights.GetValueOrDefault(c.UnionId), now);
            reviews.Add(review);
            entries.AddRange(AuditChain.Entries(c.Id, tails.GetValueOrDefault(c.Id), [(opened, null)], now));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The versions first: a contract another writer changed since the read fails the batch here (rolled back when the
        // transaction is disposed uncommitted), before any insert.
        if (await db.BumpVersionsAsync(due, ct) != due.Count) return null;
        // Thousands of new rows a batch, none of which this unit of work reads again: a few multi-row statements.
        await db.InsertAsync(reviews, ct);
        await db.InsertAsync([.. reviews.SelectMany(r => r.Evaluators)], ct);
        await db.InsertAsync([.. entries.Select(e => e.Outbox)], ct);
        await db.InsertAsync([.. entries.Select(e => e.Audit)], ct);
        await transaction.CommitAsync(ct);
        outboxIds.AddRange(entries.Select(e => e.Outbox.Id));
        return (due.Count, outboxIds);
    }
}
