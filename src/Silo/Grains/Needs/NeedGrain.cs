using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Needs;

public sealed class NeedGrain : AggregateGrain<Need>, INeedGrain
{
    protected override string EntityName => "need";

    protected override IQueryable<Need> Load(ProcurementDb db) => db.Needs;

    public Task Post(NeedDraft draft, Actor actor) => Run(async () =>
    {
        if (actor.Role != Roles.Worker) throw RuleViolation.Forbidden("need.workers_only", "Only workers post needs.");
        // Lengths count what is kept: markup removed, numbers masked (cleaning can leave nothing, refused like an empty field).
        new FieldChecks()
            .Require(NeedCatalog.Categories.Contains(draft.Category), "category", "need.category_unknown")
            .Cleaned(draft.Title, "title", NeedCatalog.TitleLength, out var title)
            .Cleaned(draft.Text, "text", NeedCatalog.TextLength, out var text)
            .Cleaned(draft.ForWhom, "forWhom", NeedCatalog.ForWhomLength, out var forWhom)
            .Require(draft.People is > 0 and <= NeedCatalog.MaxPeople, "people", "need.people_range")
            .Require((draft.Groups ?? []).All(NeedCatalog.Groups.Contains), "groups", "need.group_unknown")
            .ThrowIfAny();
        // A repeated post (a retry whose first attempt went through) changes nothing.
        if (Exists && State.AuthorId == actor.UserId && State.Title == title) return;
        var union = await Db.WorkerProfiles.AsNoTracking().Where(w => w.UserId == actor.UserId)
            .Join(Db.Unions, w => w.UnionId, u => u.Id, (w, u) => new { u.Id, u.Path }).FirstOrDefaultAsync()
            ?? throw new RuleViolation("need.no_union", "Choose your union before posting.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["unionId"] = ["need.no_union"] });
        Create(new Need
        {
            UnionId = union.Id, UnionPath = union.Path, AuthorId = actor.UserId, Category = draft.Category, Title = title!,
            Text = text!, ForWhom = forWhom!, People = draft.People,
            Groups = [.. (draft.Groups ?? []).Distinct()], Status = NeedStatus.Submitted, PostedAt = Now,
        });
        Raise(new NeedPosted(Key, State.Title, State.Category, State.UnionPath, Now), actor.UserId);
    });

    public Task Accept(Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status == NeedStatus.Accepted) return;
        RequireSubmitted();
        await UndoUnfinishedMergeAsync(actor);
        State.Status = NeedStatus.Accepted;
        State.DecidedAt = Now;
        Raise(new NeedAccepted(Key, State.Title, State.Category, State.AuthorId, State.UnionPath, Now), actor.UserId);
    });

    public Task Decline(string reason, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status == NeedStatus.Declined) return;
        RequireSubmitted();
        var answer = Reason(reason);
        await UndoUnfinishedMergeAsync(actor);
        State.Answer = answer;
        State.Status = NeedStatus.Declined;
        State.DecidedAt = State.AnsweredAt = Now;
        Raise(new NeedDeclined(Key, State.Title, State.AuthorId, State.Answer, State.UnionPath, Now), actor.UserId);
    });

    /// <summary>
    /// A merge of this need that stopped half-way (the public need took the worker in; this need's own commit failed) is
    /// undone before the union decides otherwise, so the worker is not counted on a need theirs was never merged into.
    /// </summary>
    private async Task UndoUnfinishedMergeAsync(Actor actor)
    {
        if (await Db.NeedSupports.AsNoTracking().Where(s => s.MergedFromId == Key).Select(s => (Guid?)s.NeedId).FirstOrDefaultAsync() is { } target)
            await GrainFactory.GetGrain<INeedGrain>(target).ReleaseMerged(Key, actor);
    }

    public Task MergeInto(Guid targetId, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status == NeedStatus.Merged && State.MergedIntoId == targetId) return;
        RequireSubmitted();
        new FieldChecks().Require(targetId != Key, "targetId", "need.merge_self").ThrowIfAny();
        // The target takes the worker in first: a failure there leaves this need as it was, and a retry finds the support made.
        await GrainFactory.GetGrain<INeedGrain>(targetId).AbsorbMerged(Key, State.AuthorId, actor);
        State.Status = NeedStatus.Merged;
        State.MergedIntoId = targetId;
        State.DecidedAt = Now;
        Raise(new NeedMerged(Key, State.Title, targetId, State.AuthorId, State.UnionPath, Now), actor.UserId);
    });

    public Task AbsorbMerged(Guid mergedId, Guid workerId, Actor actor) => Run(async () =>
    {
        if (!Exists) throw new RuleViolation("need.merge_target", "Merge into a public need.", ViolationKind.Invalid,
            new Dictionary<string, string[]> { ["targetId"] = ["need.merge_target"] });
        RequireUnion(actor);
        if (!NeedCatalog.IsPublic(State.Status))
            throw new RuleViolation("need.merge_target", "Merge into a public need.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["targetId"] = ["need.merge_target"] });
        if (workerId == State.AuthorId || await Db.NeedSupports.AnyAsync(s => s.NeedId == Key && s.UserId == workerId)) return;
        AddSupport(workerId, null, actor.UserId, mergedFrom: mergedId);
    });

    public Task ReleaseMerged(Guid mergedId, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (await Db.NeedSupports.FirstOrDefaultAsync(s => s.NeedId == Key && s.MergedFromId == mergedId) is not { } support) return;
        Db.NeedSupports.Remove(support);
        State.Supports--;
        Raise(new NeedSupported(Key, State.Supports, State.UnionPath, Now), actor.UserId);
    });

    public Task Answer(NeedStatus status, string reason, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        new FieldChecks().Require(status is NeedStatus.Planned or NeedStatus.InProgress or NeedStatus.NotFeasible, "status", "need.answer_status").ThrowIfAny();
        if (!NeedCatalog.IsPublic(State.Status))
            throw RuleViolation.Conflict("need.not_public", "Only an accepted need is answered.");
        State.Answer = Reason(reason);
        State.Status = status;
        State.AnsweredAt = Now;
        Raise(new NeedAnswered(Key, State.Title, status, State.Answer, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Support(string? comment, Actor actor) => Run(async () =>
    {
        if (actor.Role != Roles.Worker) throw RuleViolation.Forbidden("need.workers_only", "Only workers support needs.");
        // A need the public cannot see does not exist for other workers.
        if (!Exists || (!NeedCatalog.IsPublic(State.Status) && State.AuthorId != actor.UserId)) throw RuleViolation.NotFound("need");
        new FieldChecks().Cleaned(comment, "comment", NeedCatalog.CommentLength, out var cleaned, required: false).ThrowIfAny();
        if (State.AuthorId == actor.UserId) throw RuleViolation.Conflict("need.own", "Your own need counts you already.");
        if (!NeedCatalog.IsPublic(State.Status) || State.Status == NeedStatus.NotFeasible)
            throw RuleViolation.Conflict("need.closed", "This need takes no more support.");
        if (await Db.NeedSupports.AnyAsync(s => s.NeedId == Key && s.UserId == actor.UserId))
            throw RuleViolation.Conflict("need.already_supported", "You support this need already.");
        AddSupport(actor.UserId, string.IsNullOrEmpty(cleaned) ? null : cleaned, actor.UserId);
    });

    public Task LinkProject(Guid projectId, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.ProjectId == projectId) return;
        if (State.ProjectId is { } current && await Db.Projects.Where(p => p.Id == current).AnyAsync(Project.TakesUpNeeds))
            throw RuleViolation.Conflict("need.has_project", "A project takes this need up already.");
        if (!NeedCatalog.IsPublic(State.Status)) throw RuleViolation.Conflict("need.not_public", "Only an accepted need becomes a project.");
        var path = await Db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => p.UnionPath).FirstOrDefaultAsync();
        if (path is null || !actor.CanActOnUnion(path)) throw RuleViolation.NotFound("project");
        State.ProjectId = projectId;
        State.Status = NeedStatus.Planned;
        Raise(new NeedLinkedToProject(Key, State.Title, projectId, State.UnionPath, Now), actor.UserId);
    });

    private void AddSupport(Guid userId, string? comment, Guid actorId, Guid? mergedFrom = null)
    {
        Db.NeedSupports.Add(new NeedSupport { NeedId = Key, UserId = userId, Comment = comment, At = Now, MergedFromId = mergedFrom });
        State.Supports++;
        Raise(new NeedSupported(Key, State.Supports, State.UnionPath, Now), actorId);
    }

    private static string Reason(string? reason)
    {
        new FieldChecks().Cleaned(reason, "reason", NeedCatalog.AnswerLength, out var cleaned).ThrowIfAny();
        return cleaned!;
    }

    private void RequireSubmitted()
    {
        if (State.Status != NeedStatus.Submitted) throw RuleViolation.Conflict("need.decided", "The union has decided on this need already.");
    }

    /// <summary>
    /// The need's union, or one above it, decides (its admins, not the platform's: the union answers its workers); to other
    /// unions a need not yet public does not exist.
    /// </summary>
    private void RequireUnion(Actor actor)
    {
        if (actor.Role == Roles.UnionAdmin && actor.CanActOnUnion(State.UnionPath)) return;
        throw actor.Role == Roles.UnionAdmin && !NeedCatalog.IsPublic(State.Status)
            ? RuleViolation.NotFound("need")
            : RuleViolation.Forbidden("need.union_only", "Only the need's union decides on it.");
    }
}
