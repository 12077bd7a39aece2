using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Unions;

public sealed class UnionGrain : AggregateGrain<Union>, IUnionGrain
{
    protected override string EntityName => "union";

    protected override IQueryable<Union> Load(ProcurementDb db) => db.Unions;

    public Task SetAwardPublicity(int? workingDays, Actor actor) => Run(() =>
    {
        if (!actor.CanActOnUnion(State.Path))
            throw RuleViolation.Forbidden("union.admin_only", "A union's rules are set by the union itself or one above it.");
        new FieldChecks().Require(workingDays is null or (>= 0 and <= Awards.MaxPublicityWorkingDays), "awardPublicityWorkingDays", "out_of_range").ThrowIfAny();
        if (State.AwardPublicityWorkingDays == workingDays) return Task.CompletedTask;
        State.AwardPublicityWorkingDays = workingDays;
        Raise(new UnionSettingsChanged(Key, State.Path, workingDays, Now), actor.UserId);
        return Task.CompletedTask;
    });
}
