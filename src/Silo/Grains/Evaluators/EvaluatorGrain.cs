using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Evaluators;

public sealed class EvaluatorGrain : AggregateGrain<EvaluatorProfile>, IEvaluatorGrain
{
    protected override string EntityName => "evaluator";

    protected override IQueryable<EvaluatorProfile> Load(ProcurementDb db) => db.EvaluatorProfiles.Include(p => p.Ties);

    public Task DeclareTie(Guid organizationId, string nature, Actor actor) => Run(async () =>
    {
        RequireSelf(actor);
        var checks = new FieldChecks().Text(nature, "nature", EvaluatorLimits.NatureLength)
            .Require(await Db.Organizations.AnyAsync(o => o.Id == organizationId), "organizationId", "organization.not_found");
        if (Exists) checks.Require(State.Ties.Count < EvaluatorLimits.MaxTies || State.Ties.Any(t => t.OrganizationId == organizationId), "organizationId", "too_many");
        checks.ThrowIfAny();
        if (!Exists) Create(new EvaluatorProfile());
        var tie = State.Ties.FirstOrDefault(t => t.OrganizationId == organizationId);
        if (tie is null)
        {
            tie = new EvaluatorTie { EvaluatorId = Key, OrganizationId = organizationId };
            State.Ties.Add(tie);
            Db.EvaluatorTies.Add(tie);
        }
        tie.Nature = nature.Trim();
        tie.DeclaredAt = Now;
        Raise(new EvaluatorTieDeclared(Key, organizationId, tie.Nature, Now), actor.UserId);
    });

    public Task WithdrawTie(Guid organizationId, Actor actor) => Run(() =>
    {
        RequireSelf(actor);
        var tie = (Exists ? State.Ties.FirstOrDefault(t => t.OrganizationId == organizationId) : null) ?? throw RuleViolation.NotFound("tie");
        State.Ties.Remove(tie);
        Db.Remove(tie);
        Raise(new EvaluatorTieWithdrawn(Key, organizationId, Now), actor.UserId);
        return Task.CompletedTask;
    });

    /// <summary>Only the evaluator declares their own ties.</summary>
    private void RequireSelf(Actor actor)
    {
        if (actor.Role != Roles.Evaluator || actor.UserId != Key)
            throw RuleViolation.Forbidden("evaluator.self_only", "Evaluators declare their own ties.");
    }

    /// <summary>Whether an evaluator declared a tie to any of the organizations: then they cannot declare no conflict.</summary>
    public static Task<bool> TiedAsync(ProcurementDb db, Guid evaluatorId, IReadOnlyCollection<Guid> organizationIds) =>
        db.EvaluatorTies.AnyAsync(t => t.EvaluatorId == evaluatorId && organizationIds.Contains(t.OrganizationId));
}
