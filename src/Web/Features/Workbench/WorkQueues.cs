using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Workbench;

/// <summary>How a queue dates its items: waiting since (oldest first), due on (soonest first), or to be done by.</summary>
public enum WorkDate { Since, Due, Deadline }

/// <summary>
/// One thing waiting for the reader: what, where it is done, a detail (a deliverable, a reason, a contact; or the quarter
/// of a review, a key the page words as 2026年第三季度) and its date (<see cref="WorkDate"/>).
/// </summary>
public sealed record WorkItem(string Title, string? Detail, string? Quarter, string Href, DateTimeOffset? At, DateOnly? Due);

/// <summary>
/// A queue of 工作台: how many items wait and the first of them, the most pressing first. <see cref="Key"/> names its words
/// (<c>Queue_{Key}</c>) and its page of the whole list (<c>/workbench/{Key}</c>).
/// </summary>
public sealed record WorkQueue(string Key, WorkDate Dates, int Count, IReadOnlyList<WorkItem> Items);

/// <summary>
/// What waits for each role, as queues: for a union admin, its subtree's organizations to approve, closed projects
/// without evaluators, rankings ready to award, objections, workers' needs to decide, milestone reports to verify (oldest first) and termination
/// recommendations to decide; for an organization, milestones due within two weeks or overdue, reports sent back and
/// rectification reports owed; for an evaluator, declarations and scores of its projects and quarterly reviews. Each
/// queue is one query filtered by the caller's union path, organization or user id: nobody sees another's work.
/// </summary>
public static class WorkQueues
{
    /// <summary>How far ahead an organization sees its milestones coming due.</summary>
    public const int DueWithinDays = 14;

    /// <summary>
    /// The queues of the caller's role, each with its first <paramref name="take"/> items; empty for other roles. A union's
    /// queues span its whole subtree (on the province dataset about 30 ms of queries), so they are shared through the
    /// <see cref="AggregateCache"/> by everyone of the same union and recomputed after every event, as the dashboard is.
    /// </summary>
    public static async Task<IReadOnlyList<WorkQueue>> ForAsync(ProcurementDb db, AggregateCache cache, ClaimsPrincipal user, DateOnly today, int take, CancellationToken ct)
    {
        var definitions = Definitions(db, user, today).ToList();
        async Task<IReadOnlyList<WorkQueue>> LoadAsync(CancellationToken token)
        {
            var queues = new List<WorkQueue>();
            foreach (var definition in definitions) queues.Add(await definition.LoadAsync(0, take, token));
            return queues;
        }
        return user.IsInRole(Roles.UnionAdmin) && user.UnionPathOf() is { } path
            // Keyed by the region too: a session signed in before the region claim existed sees no applications, and must not share.
            ? await cache.GetAsync(("work-queues", path, user.FindFirstValue(PortalClaims.UnionRegion), take), () => LoadAsync(CancellationToken.None))
            : await LoadAsync(ct);
    }

    /// <summary>One of the caller's queues, a page of it; null when the caller has no queue of that name.</summary>
    public static async Task<WorkQueue?> OneAsync(ProcurementDb db, ClaimsPrincipal user, DateOnly today, string key, int skip, int take, CancellationToken ct) =>
        Definitions(db, user, today).FirstOrDefault(d => d.Key == key) is { } definition ? await definition.LoadAsync(skip, take, ct) : null;

    private sealed record Row(Guid Id, string Title, string? Detail, DateTimeOffset? At, DateOnly? Due, string? Quarter = null);

    private sealed record Definition(string Key, WorkDate Dates, IQueryable<Row> Rows, Func<Guid, string> Href)
    {
        public async Task<WorkQueue> LoadAsync(int skip, int take, CancellationToken ct)
        {
            var count = await Rows.CountAsync(ct);
            var rows = count > skip ? await Rows.Skip(skip).Take(take).ToListAsync(ct) : [];
            return new WorkQueue(Key, Dates, count, [.. rows.Select(r => new WorkItem(r.Title, r.Detail, r.Quarter, Href(r.Id), r.At, r.Due))]);
        }
    }

    private static IEnumerable<Definition> Definitions(ProcurementDb db, ClaimsPrincipal user, DateOnly today)
    {
        if (user.IsInRole(Roles.UnionAdmin) && user.UnionPathOf() is { } path) return ForUnion(db, user, path);
        if (user.IsInRole(Roles.OrganizationMember) && user.GuidClaim(PortalClaims.OrganizationId) is { } organizationId)
            return ForOrganization(db, organizationId, today);
        if (user.IsInRole(Roles.Evaluator) && user.UserId() is { } evaluatorId) return ForEvaluator(db, evaluatorId);
        return [];
    }

    private static IEnumerable<Definition> ForUnion(ProcurementDb db, ClaimsPrincipal user, string path)
    {
        var projects = db.Projects.AsNoTracking().Where(p => p.UnionPath.StartsWith(path));
        var contracts = db.Contracts.AsNoTracking().Where(c => c.UnionPath.StartsWith(path));
        yield return new("organizations", WorkDate.Since,
            // The applications this union decides: those its region covers.
            db.OrganizationsFor(user).AsNoTracking().Where(o => o.Status == OrganizationStatus.Pending).OrderBy(o => o.RegisteredAt)
                .Select(o => new Row(o.Id, o.Name, o.ContactName, o.RegisteredAt, null)),
            id => $"/organizations/{id}");
        yield return new("evaluators", WorkDate.Since,
            projects.Where(p => p.Status == ProjectStatus.BiddingClosed && !p.Evaluators.Any()).OrderBy(p => p.BidClosesAt)
                .Select(p => new Row(p.Id, p.Title, null, p.BidClosesAt, null)),
            id => $"/projects/{id}#manage-h");
        // Every evaluator who declared no conflict has scored every live bid: the ranking is final (RankingModel.EvaluationComplete).
        // Asked as "no such evaluator has a live bid without its score", so each check is a key lookup, not a count.
        yield return new("award", WorkDate.Since,
            projects.Where(p => p.Status == ProjectStatus.Evaluating
                    && p.Evaluators.Any(a => a.DeclaredNoConflictAt != null && !a.ConflictDeclared)
                    && !p.Evaluators.Any(a => a.DeclaredNoConflictAt != null && !a.ConflictDeclared
                        && db.Bids.Any(b => b.ProjectId == p.Id && b.Status == BidStatus.Submitted
                            && !db.BidScores.Any(s => s.BidId == b.Id && s.EvaluatorId == a.EvaluatorId))))
                .OrderBy(p => p.BidClosesAt)
                .Select(p => new Row(p.Id, p.Title, null, p.BidClosesAt, null)),
            id => $"/projects/{id}/ranking");
        // Objections to a proposed award hold its contract until answered; oldest publicity first.
        yield return new("objections", WorkDate.Since,
            projects.Where(p => p.Status == ProjectStatus.AwardProposed && p.OpenObjections > 0).OrderBy(p => p.AwardProposedAt)
                .Select(p => new Row(p.Id, p.Title, null, p.AwardProposedAt, null)),
            id => $"/projects/{id}/objections");
        // Workers' needs wait to be accepted, merged or declined; oldest first.
        yield return new("needs", WorkDate.Since,
            db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Submitted && n.UnionPath.StartsWith(path)).OrderBy(n => n.PostedAt)
                .Select(n => new Row(n.Id, n.Title, n.Category, n.PostedAt, null)),
            id => $"/needs/{id}");
        yield return new("verify", WorkDate.Since,
            contracts.SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Reported), (c, m) => new { c.Id, c.Title, m.Deliverable, m.ReportedAt })
                .OrderBy(x => x.ReportedAt)
                .Select(x => new Row(x.Id, x.Title, x.Deliverable, x.ReportedAt, null)),
            id => $"/contracts/{id}/delivery");
        yield return new("termination", WorkDate.Since,
            contracts.Where(c => c.TerminationRecommended && c.Status != ContractStatus.Terminated).OrderBy(c => c.SignedAt)
                .Select(c => new Row(c.Id, c.Title, null, null, null)),
            id => $"/contracts/{id}/delivery");
    }

    private static IEnumerable<Definition> ForOrganization(ProcurementDb db, Guid organizationId, DateOnly today)
    {
        var running = db.Contracts.AsNoTracking()
            .Where(c => c.OrganizationId == organizationId && (c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying));
        var horizon = today.AddDays(DueWithinDays);
        yield return new("due", WorkDate.Due,
            running.SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Planned && m.DueDate <= horizon),
                    (c, m) => new { c.Id, c.Title, m.Deliverable, m.DueDate })
                .OrderBy(x => x.DueDate)
                .Select(x => new Row(x.Id, x.Title, x.Deliverable, null, x.DueDate)),
            id => $"/contracts/{id}/delivery");
        yield return new("sent-back", WorkDate.Due,
            running.SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Planned && m.RejectionReason != null),
                    (c, m) => new { c.Id, c.Title, m.RejectionReason, m.DueDate })
                .OrderBy(x => x.DueDate)
                .Select(x => new Row(x.Id, x.Title, x.RejectionReason, null, x.DueDate)),
            id => $"/contracts/{id}/delivery");
        yield return new("rectification", WorkDate.Since,
            running.Where(c => c.Status == ContractStatus.Rectifying && c.RectificationSubmittedAt == null).OrderBy(c => c.SignedAt)
                .Select(c => new Row(c.Id, c.Title, null, null, null)),
            id => $"/contracts/{id}/delivery");
    }

    private static IEnumerable<Definition> ForEvaluator(ProcurementDb db, Guid evaluatorId)
    {
        var assigned = db.EvaluatorAssignments.AsNoTracking().Where(a => a.EvaluatorId == evaluatorId)
            .Join(db.Projects, a => a.ProjectId, p => p.Id, (a, p) => new { a, p });
        yield return new("declare", WorkDate.Since,
            assigned.Where(x => x.p.Status == ProjectStatus.Evaluating && x.a.DeclaredNoConflictAt == null && !x.a.ConflictDeclared)
                .OrderBy(x => x.p.BidClosesAt)
                .Select(x => new Row(x.p.Id, x.p.Title, null, x.p.BidClosesAt, null)),
            id => $"/projects/{id}/evaluate");
        yield return new("score", WorkDate.Since,
            assigned.Where(x => x.p.Status == ProjectStatus.Evaluating && x.a.DeclaredNoConflictAt != null && !x.a.ConflictDeclared
                    && db.Bids.Any(b => b.ProjectId == x.p.Id && b.Status == BidStatus.Submitted
                        && !db.BidScores.Any(s => s.BidId == b.Id && s.EvaluatorId == evaluatorId)))
                .OrderBy(x => x.p.BidClosesAt)
                .Select(x => new Row(x.p.Id, x.p.Title, null, x.p.BidClosesAt, null)),
            id => $"/projects/{id}/evaluate");
        yield return new("reviews", WorkDate.Deadline,
            db.Contracts.AsNoTracking().SelectMany(c => c.Reviews, (c, r) => new { c.Title, Review = r })
                .Where(x => x.Review.Status == ReviewStatus.Open
                    && x.Review.Evaluators.Any(e => e.EvaluatorId == evaluatorId && e.ScoredAt == null && !e.ConflictDeclared))
                .OrderBy(x => x.Review.DueAt)
                .Select(x => new Row(x.Review.Id, x.Title, null, x.Review.DueAt, null, x.Review.Quarter)),
            id => $"/reviews/{id}");
    }
}
