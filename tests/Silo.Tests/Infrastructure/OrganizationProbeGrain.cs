using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>A test grain over an organization, able to make a change the database refuses at commit.</summary>
public interface IOrganizationProbeGrain : IGrainWithGuidKey
{
    /// <summary>Sets the organization's USCC (no rule checked) and raises an event.</summary>
    Task TakeUscc(string uscc);
}

public sealed class OrganizationProbeGrain : AggregateGrain<Organization>, IOrganizationProbeGrain
{
    protected override string EntityName => "organization";

    protected override IQueryable<Organization> Load(ProcurementDb db) => db.Organizations;

    public Task TakeUscc(string uscc) => Run(() =>
    {
        State.Uscc = uscc;
        Raise(new OrganizationRegistered(Key, State.Name, Now), null);
        return Task.CompletedTask;
    });
}
