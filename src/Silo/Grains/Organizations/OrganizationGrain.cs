using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Organizations;

public sealed class OrganizationGrain : AggregateGrain<Organization>, IOrganizationGrain
{
    protected override string EntityName => "organization";

    protected override IQueryable<Organization> Load(ProcurementDb db) => db.Organizations;

    public Task Register(OrganizationRegistration r, Actor actor) => Run(() =>
    {
        OrganizationRules.CheckRegistration(r);
        // The same registration arriving again (a retry whose first attempt went through) changes nothing.
        if (Exists && State.Status == OrganizationStatus.Pending && State.Name == r.Name.Trim() && State.Kind == r.Kind
            && State.Uscc == (r.Kind == OrganizationKind.Registered ? r.Uscc : null))
            return Task.CompletedTask;
        if (r.Uscc is { } code && Db.Organizations.Any(o => o.Uscc == code && o.Id != Key))
            throw new RuleViolation("organization.uscc_taken", "An organization with this code is already registered.", ViolationKind.Conflict,
                new Dictionary<string, string[]> { ["uscc"] = ["uscc.taken"] });
        Create(new Organization
        {
            Name = r.Name.Trim(), Kind = r.Kind, Uscc = r.Kind == OrganizationKind.Registered ? r.Uscc : null,
            RegionCode = r.RegionCode, Description = r.Description ?? "",
            ServiceDomains = [.. r.ServiceDomains], ServiceRegions = [.. r.ServiceRegions],
            CertifiedSocialWorkers = r.CertifiedSocialWorkers, Volunteers = r.Volunteers,
            ContactName = r.ContactName ?? "", ContactPhone = r.ContactPhone ?? "",
            Status = OrganizationStatus.Pending, RegisteredAt = Now,
        });
        Raise(new OrganizationRegistered(Key, State.Name, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Approve(Actor actor) => Run(() =>
    {
        if (actor.Role != Roles.UnionAdmin || actor.UnionId is not { } unionId || actor.UnionPath is not { } path)
            throw RuleViolation.Forbidden("organization.approve_forbidden", "Only a union admin approves organizations.");
        if (State.Status == OrganizationStatus.Approved)
            throw RuleViolation.Conflict("organization.already_approved", "The organization is already approved.");
        State.Status = OrganizationStatus.Approved;
        State.ApprovedByUnionId = unionId;
        State.ApprovedAt = Now;
        Raise(new OrganizationApproved(Key, State.Name, unionId, path, Now), actor.UserId);
        return Task.CompletedTask;
    });
}

/// <summary>Registration rules, pure so tests need no host.</summary>
public static class OrganizationRules
{
    public static void CheckRegistration(OrganizationRegistration r) => Checks(r).ThrowIfAny();

    /// <summary>Every field error of a registration at once (the Web adds the account's to the same list).</summary>
    public static FieldChecks Checks(OrganizationRegistration r)
    {
        var checks = new FieldChecks()
            .Text(r.Name, "name", 100)
            .Text(r.Description, "description", 4000, required: false)
            .Text(r.ContactName, "contactName", 50, required: false)
            .Require(string.IsNullOrWhiteSpace(r.ContactPhone) || Contact.IsPhone(r.ContactPhone), "contactPhone", "phone.invalid")
            .Require(Enum.IsDefined(r.Kind), "kind", "invalid")
            .Require(Contact.IsRegionCode(r.RegionCode), "regionCode", "region.invalid")
            .Require(r.CertifiedSocialWorkers is >= 0 and <= 100_000, "certifiedSocialWorkers", "out_of_range")
            .Require(r.Volunteers is >= 0 and <= 1_000_000, "volunteers", "out_of_range")
            .Require(r.ServiceDomains is { Count: <= 20 } && r.ServiceDomains.All(d => d is { Length: > 0 and <= 50 }), "serviceDomains", "invalid")
            .Require(r.ServiceRegions is { Count: <= 50 } && r.ServiceRegions.All(d => d is { Length: > 0 and <= 50 }), "serviceRegions", "invalid");
        if (r.Kind == OrganizationKind.Registered && Uscc.Check(r.Uscc) is { } failed)
            checks.Require(false, "uscc", failed);
        if (r.Kind == OrganizationKind.CommunityGroup)
            checks.Require(string.IsNullOrEmpty(r.Uscc), "uscc", "uscc.not_for_community_group");
        return checks;
    }
}
