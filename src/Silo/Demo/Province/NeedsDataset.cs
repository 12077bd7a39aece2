using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo.Province;

/// <summary>
/// Workers' needs at scale, on top of a generated province (the benchmark's board): <c>needs</c> needs over every union,
/// in the states a live board holds (70 % public, the rest posted, merged or declined), and <c>supports</c> "我也需要"
/// rows spread over the public needs the way attention spreads (a few needs draw most of it), each need's count kept equal
/// to its rows. Supporters are synthetic account ids: supports reference no account row, and nothing reads them as one.
/// </summary>
public static class NeedsDataset
{
    private const int Batch = 20_000;

    public static async Task<(int Needs, int Supports, TimeSpan Elapsed)> GenerateAsync(IServiceProvider services, int needs, int supports, int seed,
        DateTimeOffset now, IProgress<DatasetProgress>? progress = null, CancellationToken ct = default)
    {
        var started = Stopwatch.GetTimestamp();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var unions = await db.Unions.AsNoTracking().Select(u => new { u.Id, u.Path }).ToListAsync(ct);
        var rng = new Random(seed);
        var rows = new List<Need>(needs);
        for (var i = 0; i < needs; i++)
        {
            var union = unions[rng.Next(unions.Count)];
            var roll = rng.Next(100);
            var status = roll switch
            {
                < 40 => NeedStatus.Accepted, < 55 => NeedStatus.Planned, < 62 => NeedStatus.InProgress, < 70 => NeedStatus.NotFeasible,
                < 85 => NeedStatus.Submitted, < 93 => NeedStatus.Declined, _ => NeedStatus.Merged,
            };
            var category = NeedCatalog.Categories[rng.Next(NeedCatalog.Categories.Count)];
            var posted = now.AddMinutes(-rng.Next(1, 365 * 24 * 60));
            rows.Add(new Need
            {
                Id = Guid.CreateVersion7(posted), UnionId = union.Id, UnionPath = union.Path, AuthorId = Guid.NewGuid(), Category = category,
                Title = $"{category}需求 {i + 1}", Text = "希望工会联系社会组织在附近提供这项服务，时间最好安排在下班后或周末。", ForWhom = "本区域一线职工",
                People = 10 + rng.Next(500), Groups = [NeedCatalog.Groups[rng.Next(NeedCatalog.Groups.Count)]], Status = status, PostedAt = posted,
                DecidedAt = status == NeedStatus.Submitted ? null : posted.AddDays(2),
                Answer = status is NeedStatus.Declined or NeedStatus.Planned or NeedStatus.InProgress or NeedStatus.NotFeasible ? "已答复。" : null,
            });
        }
        // Attention is skewed: the support of row k goes to a public need drawn with weight 1/(rank+1).
        var open = rows.Where(n => NeedCatalog.IsPublic(n.Status)).ToList();
        var cumulative = new double[open.Count];
        var sum = 0.0;
        for (var k = 0; k < open.Count; k++) cumulative[k] = sum += 1.0 / (k + 1);
        var supportRows = new List<NeedSupport>(Batch);
        var written = 0;
        for (var s = 0; s < supports; s++)
        {
            var k = Array.BinarySearch(cumulative, rng.NextDouble() * sum);
            k = k < 0 ? ~k : k;
            var need = open[Math.Min(k, open.Count - 1)];
            need.Supports++;
            supportRows.Add(new NeedSupport { NeedId = need.Id, UserId = Guid.NewGuid(), Comment = s % 10 == 0 ? "我也需要。" : null, At = need.PostedAt.AddHours(1 + s % 500) });
            if (supportRows.Count == Batch)
            {
                await WriteAsync(db, supportRows, ct);
                written += supportRows.Count;
                supportRows.Clear();
                progress?.Report(new DatasetProgress("supports", written, supports));
            }
        }
        await WriteAsync(db, supportRows, ct);
        for (var i = 0; i < rows.Count; i += Batch)
        {
            await WriteAsync(db, rows.GetRange(i, Math.Min(Batch, rows.Count - i)), ct);
            progress?.Report(new DatasetProgress("needs", Math.Min(i + Batch, rows.Count), rows.Count));
        }
        return (needs, supports, Stopwatch.GetElapsedTime(started));
    }

    private static async Task WriteAsync<T>(ProcurementDb db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.InsertAsync(rows, ct);
        await transaction.CommitAsync(ct);
    }
}
