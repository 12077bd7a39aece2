using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Announcements;

public sealed class AnnouncementGrain : AggregateGrain<Announcement>, IAnnouncementGrain
{
    protected override string EntityName => "announcement";

    protected override IQueryable<Announcement> Load(ProcurementDb db) => db.Announcements;

    public Task Publish(AnnouncementDraft draft, Actor actor) => Run(async () =>
    {
        Check(draft);
        // A repeated publication (a retry whose first attempt went through) changes nothing.
        if (Exists && State.UnionId == draft.UnionId && State.Title == draft.Title.Trim() && State.Body == draft.Body.Trim()) return;
        var union = await Db.Unions.AsNoTracking().FirstOrDefaultAsync(u => u.Id == draft.UnionId)
            ?? throw new RuleViolation("union.not_found", "The union does not exist.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { ["unionId"] = ["union.not_found"] });
        if (!actor.CanActOnUnion(union.Path))
            throw RuleViolation.Forbidden("announcement.union_forbidden", "A union publishes announcements for itself or the unions below it.");
        Create(new Announcement { UnionId = union.Id, UnionPath = union.Path, PublishedBy = actor.UserId, PublishedAt = Now });
        Fill(draft);
        Raise(new AnnouncementPublished(Key, State.Title, State.Kind, State.UnionPath, Now), actor.UserId);
    });

    public Task Update(AnnouncementDraft draft, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        Check(draft);
        new FieldChecks().Require(draft.UnionId == State.UnionId, "unionId", "announcement.union_fixed").ThrowIfAny();
        Fill(draft);
        State.UpdatedAt = Now;
        Raise(new AnnouncementUpdated(Key, State.Title, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Withdraw(Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (State.WithdrawnAt is not null) return Task.CompletedTask;
        State.WithdrawnAt = Now;
        Raise(new AnnouncementWithdrawn(Key, State.Title, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    private static void Check(AnnouncementDraft d) => new FieldChecks()
        .Require(d.Kind != 0, "kind", "required")
        .Require(d.Kind == 0 || Enum.IsDefined(d.Kind), "kind", "invalid")
        .Text(d.Title, "title", AnnouncementLimits.TitleLength)
        .Text(d.Body, "body", AnnouncementLimits.BodyLength)
        .ThrowIfAny();

    private void Fill(AnnouncementDraft d)
    {
        State.Kind = d.Kind;
        State.Title = d.Title.Trim();
        State.Body = d.Body.Trim();
    }

    /// <summary>A withdrawn announcement stays its union's: only it (or one above) corrects or withdraws it; to other unions it does not exist.</summary>
    private void RequireUnion(Actor actor)
    {
        if (!actor.CanActOnUnion(State.UnionPath))
            throw actor.Role == Roles.UnionAdmin
                ? RuleViolation.NotFound("announcement")
                : RuleViolation.Forbidden("announcement.union_only", "Only the announcement's union may change it.");
    }
}
