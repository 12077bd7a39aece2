using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Silo.Notifications;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Hangfire;

namespace Procurement.Silo.Scheduling;

/// <summary>
/// Reminds organizations of milestones due within 7 days and of overdue ones, and evaluators of reviews they have not
/// scored 3 days before the deadline. Each reminder is sent once (see <see cref="Notifier"/>).
/// </summary>
[AutomaticRetry(Attempts = 0), DisableConcurrentExecution(timeoutInSeconds: 30 * 60)]
public sealed class RemindersJob(ProcurementDb db, Notifier notifier, [FromKeyedServices(DomainClock.Key)] TimeProvider time)
{
    public static readonly TimeSpan MilestoneAhead = TimeSpan.FromDays(7);
    public static readonly TimeSpan ReviewAhead = TimeSpan.FromDays(3);
    private const int NoticesPerTransaction = 500;

    public async Task<JobOutcome> RunAsync(CancellationToken ct) => new("reminders-sent", await SendAsync(ct));

    public async Task<int> SendAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = now.ToChinaDate();
        var horizon = today.AddDays(MilestoneAhead.Days);
        var milestones = await db.Milestones.AsNoTracking()
            .Where(m => m.Status == MilestoneStatus.Planned && m.DueDate <= horizon)
            .Join(db.Contracts.Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying),
                m => m.ContractId, c => c.Id, (m, c) => new { m.Id, m.DueDate, m.Deliverable, c.OrganizationId, ContractId = c.Id, c.Title })
            .ToListAsync(ct);
        var notices = new List<Notice>();
        var members = new Dictionary<Guid, List<Guid>>();
        foreach (var m in milestones)
        {
            if (!members.TryGetValue(m.OrganizationId, out var people))
                members[m.OrganizationId] = people = await notifier.OrganizationMembersAsync(m.OrganizationId, ct);
            var kind = m.DueDate < today ? NoticeKinds.MilestoneOverdue : NoticeKinds.MilestoneDue;
            notices.AddRange(people.Select(p => new Notice(p, kind, m.Id.ToString("N"), $"{m.Title} · {m.Deliverable}（{m.DueDate:yyyy-MM-dd}）", $"/contracts/{m.ContractId}")));
        }

        var reviewHorizon = now + ReviewAhead;
        var reviews = await db.QuarterlyReviews.AsNoTracking().Where(r => r.Status == ReviewStatus.Open && r.DueAt <= reviewHorizon
                && db.Contracts.Any(c => c.Id == r.ContractId && (c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying)))
            .Select(r => new
            {
                r.Id, r.Quarter, r.ContractId, r.DueAt,
                Title = db.Contracts.Where(c => c.Id == r.ContractId).Select(c => c.Title).First(),
                Pending = r.Evaluators.Where(e => e.TotalCentipoints == null && !e.ConflictDeclared).Select(e => e.EvaluatorId).ToList(),
            }).ToListAsync(ct);
        foreach (var r in reviews)
            notices.AddRange(r.Pending.Select(p => new Notice(p, NoticeKinds.ReviewDue, r.Id.ToString("N"), $"{r.Title} · {ChinaTime.QuarterName(r.Quarter)}（{r.DueAt.ToChinaString()}）", $"/reviews/{r.Id}")));

        // A few hundred per transaction: one writer holds SQLite's lock for one batch, not for the whole province.
        var sent = 0;
        foreach (var batch in notices.Chunk(NoticesPerTransaction)) sent += await notifier.NotifyAsync(batch, ct);
        return sent;
    }
}
