using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Needs;

public sealed record NeedSummary(Guid Id, string Title, string Category, NeedStatus Status, Guid UnionId, string UnionName, int People,
    int Supports, IReadOnlyList<string> Groups, DateTimeOffset PostedAt, Guid? ProjectId);

/// <summary>A supporter's comment: what they wrote and when, never who.</summary>
public sealed record NeedComment(string Comment, DateTimeOffset At);

/// <summary>The project a need became, with how far its delivery has come.</summary>
public sealed record NeedProject(Guid Id, string Title, ProjectStatus Status, Guid? ContractId, int MilestonesVerified, int Milestones);

/// <summary>
/// A need as the caller may read it. <see cref="Mine"/>: the caller posted it; <see cref="Supported"/>: the caller said
/// "我也需要"; <see cref="CanDecide"/>: the caller's union decides on it.
/// </summary>
public sealed record NeedView(Guid Id, string Title, string Category, string Text, string ForWhom, int People, IReadOnlyList<string> Groups,
    NeedStatus Status, Guid UnionId, string UnionName, DateTimeOffset PostedAt, DateTimeOffset? DecidedAt, string? Answer,
    DateTimeOffset? AnsweredAt, Guid? MergedIntoId, int Supports, NeedProject? Project, bool Mine, bool Supported, bool CanDecide);

public sealed record NameCount(string Name, int Count);

/// <summary>Public needs counted by category and by union (the ten with most).</summary>
public sealed record NeedFigures(IReadOnlyList<NameCount> ByCategory, IReadOnlyList<NameCount> ByUnion, int Total, int Supports);

/// <summary>The board's filters (query parameters of the list and its figures).</summary>
public sealed record NeedFilter(Guid? UnionId, string? Category, string? Group, int? Page, int? PageSize);

public sealed record DeclineNeedRequest(string? Reason);
public sealed record MergeNeedRequest(Guid? TargetId);
public sealed record AnswerNeedRequest(NeedStatus? Status, string? Reason);
public sealed record SupportNeedRequest(string? Comment);
public sealed record LinkNeedRequest(Guid? ProjectId);

public sealed record NeedRef(Guid Id, string Title);

/// <summary>What a draft project carries over from the needs it answers: their texts, groups, union and counts.</summary>
public sealed record NeedProjectDraft(IReadOnlyList<NeedRef> Needs, Guid UnionId, string Category, string Title, string Description,
    IReadOnlyList<string> TargetGroups, int TargetBeneficiaries);

/// <summary>职工需求 under /api/v1/needs: workers post and support, unions decide and answer, everyone reads the public ones.</summary>
public static class Needs
{
    /// <summary>Rate-limit policies: posting a need and supporting one, each per account.</summary>
    public const string PostLimiter = "needs-post";
    public const string SupportLimiter = "needs-support";

    /// <summary>
    /// Public needs, most supported first, of one union's subtree, category and group when asked. The total is the cached
    /// figures' (<see cref="FiguresAsync"/>): counting a large board on every page would cost more than the page itself.
    /// </summary>
    public static async Task<Page<NeedSummary>> ListAsync(ProcurementDb db, AggregateCache cache, NeedFilter f, CancellationToken ct) =>
        (await BoardAsync(db, cache, f, ct)).Page;

    /// <summary>A page of the board and the figures of the same filters (职工需求 shows both), the filters resolved once.</summary>
    public static async Task<(Page<NeedSummary> Page, NeedFigures Figures)> BoardAsync(ProcurementDb db, AggregateCache cache, NeedFilter f, CancellationToken ct)
    {
        var (number, size) = Page<NeedSummary>.Clamp(f.Page, f.PageSize);
        if (await ScopeAsync(db, f, ct) is not { } scope) return (new Page<NeedSummary>([], number, size, 0), NoFigures);
        var figures = await FiguresAsync(db, cache, scope);
        var items = await Summaries(db, Public(db, scope).OrderByDescending(n => n.Supports).ThenByDescending(n => n.PostedAt).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return (new Page<NeedSummary>(items, number, size, figures.Total), figures);
    }

    private static readonly NeedFigures NoFigures = new([], [], 0, 0);

    /// <summary>The board's filters as they apply: the union's subtree by path (null: every union), a category and a group of the catalog.</summary>
    private sealed record BoardScope(string? Path, string? Category, string? Group);

    /// <summary>The filters made safe to run and to cache by: null when one names a union, category or group that does not exist (nothing matches).</summary>
    private static async Task<BoardScope?> ScopeAsync(ProcurementDb db, NeedFilter f, CancellationToken ct)
    {
        var category = string.IsNullOrWhiteSpace(f.Category) ? null : f.Category.Trim();
        var group = string.IsNullOrWhiteSpace(f.Group) ? null : f.Group.Trim();
        if (category is not null && !NeedCatalog.Categories.Contains(category) || group is not null && !NeedCatalog.Groups.Contains(group)) return null;
        if (f.UnionId is not { } id) return new BoardScope(null, category, group);
        var path = await db.Unions.Where(u => u.Id == id).Select(u => u.Path).FirstOrDefaultAsync(ct);
        return path is null ? null : new BoardScope(path, category, group);
    }

    private static IQueryable<Need> Public(ProcurementDb db, BoardScope scope)
    {
        var list = db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Accepted || n.Status == NeedStatus.Planned
            || n.Status == NeedStatus.InProgress || n.Status == NeedStatus.NotFeasible);
        if (scope.Path is { } path) list = list.Where(n => n.UnionPath.StartsWith(path));
        if (scope.Category is { } category) list = list.Where(n => n.Category == category);
        if (scope.Group is { } group) list = list.Where(n => n.Groups.Contains(group));
        return list;
    }

    /// <summary>The caller's own needs (a worker), newest first, in every state.</summary>
    public static async Task<Page<NeedSummary>> MineAsync(ProcurementDb db, ClaimsPrincipal user, int? page, CancellationToken ct)
    {
        var (number, size) = Page<NeedSummary>.Clamp(page, null);
        var list = db.Needs.AsNoTracking().Where(n => n.AuthorId == user.UserId());
        var items = await Summaries(db, list.OrderByDescending(n => n.PostedAt).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<NeedSummary>(items, number, size, await list.CountAsync(ct));
    }

    /// <summary>Needs waiting for the caller's union (its subtree) to accept, merge or decline, oldest first.</summary>
    public static async Task<Page<NeedSummary>> PendingAsync(ProcurementDb db, ClaimsPrincipal user, int? page, CancellationToken ct)
    {
        var (number, size) = Page<NeedSummary>.Clamp(page, null);
        var list = Pending(db, user);
        var items = await Summaries(db, list.OrderBy(n => n.PostedAt).Skip((number - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<NeedSummary>(items, number, size, await list.CountAsync(ct));
    }

    /// <summary>
    /// How many needs wait for the caller's union, shown on every board page its admins open: shared through the aggregate
    /// cache per union, as counting means reading every need's index entry on SQLite (a path prefix cannot seek there;
    /// docs/performance.md). The union's own decisions refresh it at once, a need posted through another Web within 30 s.
    /// </summary>
    public static Task<int> PendingCountAsync(ProcurementDb db, AggregateCache cache, ClaimsPrincipal user) =>
        cache.GetAsync(("needs-pending", user.UnionPathOf()), () => Pending(db, user).CountAsync(CancellationToken.None));

    public static IQueryable<Need> Pending(ProcurementDb db, ClaimsPrincipal user)
    {
        var path = user.IsInRole(Roles.PlatformAdmin) ? "/" : user.IsInRole(Roles.UnionAdmin) ? user.UnionPathOf() ?? "-" : "-";
        return db.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Submitted && n.UnionPath.StartsWith(path));
    }

    /// <remarks>A project is named once published: a draft is its union's own (the need page shows it to that union).</remarks>
    private static IQueryable<NeedSummary> Summaries(ProcurementDb db, IQueryable<Need> list) =>
        list.Join(db.Unions, n => n.UnionId, u => u.Id, (n, u) => new NeedSummary(n.Id, n.Title, n.Category, n.Status, n.UnionId,
            Names.Pick(u.Name, u.NameEn), n.People, n.Supports, n.Groups, n.PostedAt,
            db.Projects.Where(p => p.Id == n.ProjectId && p.PublishedAt != null).Select(p => (Guid?)p.Id).FirstOrDefault()));

    /// <summary>Counts for the board's charts, cached with the other aggregated figures (any public event refreshes them).</summary>
    public static async Task<NeedFigures> FiguresAsync(ProcurementDb db, AggregateCache cache, NeedFilter f, CancellationToken ct) =>
        await ScopeAsync(db, f, ct) is { } scope ? await FiguresAsync(db, cache, scope) : NoFigures;

    /// <remarks>
    /// Keyed by existing filters only (a made-up one never reaches the cache), and computed without the request's
    /// cancellation: other requests wait for the same figures, and one that leaves must not fail them.
    /// </remarks>
    private static Task<NeedFigures> FiguresAsync(ProcurementDb db, AggregateCache cache, BoardScope scope) =>
        cache.GetAsync(("need-figures", scope, Names.English), async () =>
        {
            var list = Public(db, scope);
            var none = CancellationToken.None;
            var byCategory = await list.GroupBy(n => n.Category).Select(g => new NameCount(g.Key, g.Count())).ToListAsync(none);
            var byUnion = await list.GroupBy(n => n.UnionId).Select(g => new { g.Key, Count = g.Count() }).OrderByDescending(g => g.Count).Take(10)
                .Join(db.Unions, g => g.Key, u => u.Id, (g, u) => new { Name = Names.Pick(u.Name, u.NameEn), g.Count }).ToListAsync(none);
            var totals = await list.GroupBy(_ => 1).Select(g => new { Count = g.Count(), Supports = g.Sum(n => n.Supports) }).FirstOrDefaultAsync(none);
            return new NeedFigures([.. byCategory.OrderByDescending(c => c.Count)], [.. byUnion.OrderByDescending(u => u.Count).Select(u => new NameCount(u.Name, u.Count))],
                totals?.Count ?? 0, totals?.Supports ?? 0);
        });

    /// <summary>A need, or null when it does not exist for the caller: before acceptance only its worker and its unions read it.</summary>
    public static async Task<NeedView?> GetAsync(ProcurementDb db, ClaimsPrincipal user, Guid id, CancellationToken ct)
    {
        var row = await db.Needs.AsNoTracking().Where(n => n.Id == id)
            .Join(db.Unions, n => n.UnionId, u => u.Id, (n, u) => new { Need = n, Union = Names.Pick(u.Name, u.NameEn) }).FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var n = row.Need;
        var me = user.UserId();
        var mine = me is not null && n.AuthorId == me;
        // The platform admin sees every need; only a union admin of its union (or one above) decides on it.
        var sees = user.ManagesUnion(n.UnionPath);
        var decides = sees && user.IsInRole(Roles.UnionAdmin);
        if (!NeedCatalog.IsPublic(n.Status) && !mine && !sees) return null;
        var supported = me is { } uid && user.IsInRole(Roles.Worker) && await db.NeedSupports.AnyAsync(s => s.NeedId == id && s.UserId == uid, ct);
        NeedProject? project = null;
        // A project never published (a draft, or one cancelled as a draft) is the union's own: the public sees only that the need is planned.
        if (n.ProjectId is { } pid)
            project = await db.Projects.AsNoTracking().Where(p => p.Id == pid && (sees || p.PublishedAt != null)).Select(p => new NeedProject(p.Id, p.Title, p.Status,
                db.Contracts.Where(c => c.ProjectId == p.Id).Select(c => (Guid?)c.Id).FirstOrDefault(),
                db.Milestones.Count(m => db.Contracts.Any(c => c.ProjectId == p.Id && c.Id == m.ContractId) && m.Status == MilestoneStatus.Verified),
                db.Milestones.Count(m => db.Contracts.Any(c => c.ProjectId == p.Id && c.Id == m.ContractId)))).FirstOrDefaultAsync(ct);
        return new NeedView(n.Id, n.Title, n.Category, n.Text, n.ForWhom, n.People, n.Groups, n.Status, n.UnionId, row.Union, n.PostedAt,
            n.DecidedAt, n.Answer, n.AnsweredAt, n.MergedIntoId, n.Supports, project, mine, supported, decides);
    }

    /// <summary>Public needs a posted one may merge into: of the caller's union subtree, its category first, the most supported.</summary>
    public static Task<List<NeedRef>> MergeTargetsAsync(ProcurementDb db, ClaimsPrincipal user, NeedView need, CancellationToken ct)
    {
        var path = user.IsInRole(Roles.PlatformAdmin) ? "/" : user.UnionPathOf() ?? "-";
        return db.Needs.AsNoTracking()
            .Where(n => n.Id != need.Id && n.UnionPath.StartsWith(path) && (n.Status == NeedStatus.Accepted || n.Status == NeedStatus.Planned || n.Status == NeedStatus.InProgress))
            .OrderByDescending(n => n.Category == need.Category).ThenByDescending(n => n.Supports).Take(50)
            .Select(n => new NeedRef(n.Id, n.Title)).ToListAsync(ct);
    }

    /// <summary>Supporters' comments, newest first, without any identity.</summary>
    public static async Task<Page<NeedComment>> CommentsAsync(ProcurementDb db, Guid id, int? page, int? pageSize, CancellationToken ct)
    {
        var (number, size) = Page<NeedComment>.Clamp(page, pageSize);
        var list = db.NeedSupports.AsNoTracking().Where(s => s.NeedId == id && s.Comment != null);
        var items = await list.OrderByDescending(s => s.At).Skip((number - 1) * size).Take(size).Select(s => new NeedComment(s.Comment!, s.At)).ToListAsync(ct);
        return new Page<NeedComment>(items, number, size, await list.CountAsync(ct));
    }

    /// <summary>
    /// What a project drafted from these needs starts with, for the caller's union. Every need must be public, free of
    /// another project (one that ended without a service frees it), and of the caller's union or one below it.
    /// </summary>
    /// <exception cref="RuleViolation">A need that is unknown to the caller, not public, or taken up already (on <c>needIds</c>).</exception>
    /// <param name="forProject">The project being created from them: needs linked to it already pass (a form sent twice).</param>
    public static async Task<NeedProjectDraft> ProjectDraftAsync(ProcurementDb db, ClaimsPrincipal user, IReadOnlyList<Guid> ids, CancellationToken ct,
        Guid? forProject = null)
    {
        var distinct = ids.Distinct().Take(50).ToList();
        var needs = await db.Needs.AsNoTracking().Where(n => distinct.Contains(n.Id)).ToListAsync(ct);
        var linked = needs.Where(n => n.ProjectId is not null && n.ProjectId != forProject).Select(n => n.ProjectId!.Value).ToList();
        var taken = linked.Count == 0 ? [] : await db.Projects.Where(p => linked.Contains(p.Id)).Where(Project.TakesUpNeeds).Select(p => p.Id).ToListAsync(ct);
        new FieldChecks()
            .Require(distinct.Count > 0, "needIds", "required")
            .Require(needs.Count == distinct.Count && needs.All(n => user.ManagesUnion(n.UnionPath)), "needIds", "need.not_found")
            .Require(needs.All(n => NeedCatalog.IsPublic(n.Status)), "needIds", "need.not_public")
            .Require(!needs.Any(n => n.ProjectId is { } p && taken.Contains(p)), "needIds", "need.has_project")
            .ThrowIfAny();
        var unionId = user.GuidClaim(PortalClaims.UnionId) ?? throw RuleViolation.Forbidden("need.union_only", "A union drafts projects.");
        var ordered = needs.OrderByDescending(n => n.Supports).ToList();
        var description = string.Join("\n\n", ordered.Select(n => $"【职工需求】{n.Title}（{n.ForWhom}，约 {n.People} 人，{n.Supports + 1} 人提出）\n{n.Text}"));
        return new NeedProjectDraft([.. ordered.Select(n => new NeedRef(n.Id, n.Title))], unionId, ordered[0].Category, ordered[0].Title, description,
            [.. ordered.SelectMany(n => n.Groups).Distinct()], ordered.Sum(n => n.People));
    }

    public static void MapNeeds(this IEndpointRouteBuilder api)
    {
        var needs = api.MapGroup("/needs").WithTags("Needs");

        needs.MapGet("", ([AsParameters] NeedFilter f, ProcurementDb db, AggregateCache cache, CancellationToken ct) => ListAsync(db, cache, f, ct))
            .AllowAnonymous().WithSummary("Public needs (职工需求), most supported first; of one union's subtree, category and group");

        needs.MapGet("/figures", ([AsParameters] NeedFilter f, ProcurementDb db, AggregateCache cache, CancellationToken ct) => FiguresAsync(db, cache, f, ct))
            .AllowAnonymous().WithSummary("Public needs counted by category and by union");

        needs.MapGet("/mine", (int? page, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) => MineAsync(db, user, page, ct))
            .RequireAuthorization(Roles.Worker).WithSummary("The caller's own needs, in every state");

        needs.MapGet("/pending", (int? page, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) => PendingAsync(db, user, page, ct))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Needs waiting for the caller's union to accept, merge or decline");

        needs.MapGet("/{id:guid}", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await GetAsync(db, user, id, ct) is { } n ? Results.Ok(n) : ProjectEndpoints.NotFound("need"))
            .AllowAnonymous().WithSummary("A need (before acceptance: its worker and its unions only)");

        needs.MapGet("/{id:guid}/comments", async (Guid id, int? page, int? pageSize, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await GetAsync(db, user, id, ct) is null ? ProjectEndpoints.NotFound("need") : Results.Ok(await CommentsAsync(db, id, page, pageSize, ct)))
            .AllowAnonymous().WithSummary("Supporters' comments, newest first, anonymous");

        needs.MapPost("", async (NeedDraft draft, GrainCommands commands, ClaimsPrincipal user, HttpContext http) =>
            {
                var id = GrainCommands.IdempotentId(http) ?? Guid.CreateVersion7();
                await commands.RunAsync(g => g.GetGrain<INeedGrain>(id).Post(draft, user.ToActor()));
                return Results.Created($"/api/v1/needs/{id}", new Created(id));
            })
            .RequireAuthorization(Roles.Worker).RequireRateLimiting(PostLimiter).WithSummary("Post a need for the worker's union (public once the union accepts it)");

        needs.MapPost("/{id:guid}/support", async (Guid id, SupportNeedRequest body, GrainCommands commands, ClaimsPrincipal user) =>
            {
                await commands.RunAsync(g => g.GetGrain<INeedGrain>(id).Support(body.Comment, user.ToActor()));
                return Results.NoContent();
            })
            .RequireAuthorization(Roles.Worker).RequireRateLimiting(SupportLimiter).WithSummary("我也需要: once per worker, with an optional short comment");

        needs.MapPost("/{id:guid}/accept", (Guid id, GrainCommands commands, ClaimsPrincipal user) =>
                Command(commands, g => g.GetGrain<INeedGrain>(id).Accept(user.ToActor())))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Accept a posted need: it becomes public");

        needs.MapPost("/{id:guid}/decline", (Guid id, DeclineNeedRequest body, GrainCommands commands, ClaimsPrincipal user) =>
                Command(commands, g => g.GetGrain<INeedGrain>(id).Decline(body.Reason ?? "", user.ToActor())))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Decline a posted need with a reason its worker reads");

        needs.MapPost("/{id:guid}/merge", (Guid id, MergeNeedRequest body, GrainCommands commands, ClaimsPrincipal user) =>
                Command(commands, g => g.GetGrain<INeedGrain>(id).MergeInto(Required(body.TargetId, "targetId"), user.ToActor())))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Merge a posted need into a public one; its worker supports that one");

        needs.MapPost("/{id:guid}/answer", (Guid id, AnswerNeedRequest body, GrainCommands commands, ClaimsPrincipal user) =>
                Command(commands, g => g.GetGrain<INeedGrain>(id).Answer(body.Status ?? 0, body.Reason ?? "", user.ToActor())))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Answer a public need: Planned, InProgress or NotFeasible, with a reason");

        needs.MapGet("/project-draft", async (string? ids, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await ProjectDraftAsync(db, user, ParseIds(ids), ct))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("What a project drafted from these needs (ids=comma-separated) carries over");

        needs.MapPost("/{id:guid}/project", (Guid id, LinkNeedRequest body, GrainCommands commands, ClaimsPrincipal user) =>
                Command(commands, g => g.GetGrain<INeedGrain>(id).LinkProject(Required(body.ProjectId, "projectId"), user.ToActor())))
            .RequireAuthorization(Roles.UnionAdmin).WithSummary("Link a need to the project the union drafted from it: its followers hear of that project");
    }

    /// <exception cref="RuleViolation">The id is missing (beside its field).</exception>
    private static Guid Required(Guid? id, string field) => id ?? throw new FieldChecks().Require(false, field, "required").Violation()!;

    /// <summary>Ids as a query string carries them, comma-separated; what is no id is dropped.</summary>
    public static IReadOnlyList<Guid> ParseIds(string? ids) =>
        [.. (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty)];

    private static async Task<IResult> Command(GrainCommands commands, Func<IGrainFactory, Task> call)
    {
        await commands.RunAsync(call);
        return Results.NoContent();
    }
}
