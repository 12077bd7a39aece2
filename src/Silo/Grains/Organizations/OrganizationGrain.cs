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
        CheckUsccFree(r.Uscc);
        Create(new Organization { Status = OrganizationStatus.Pending, RegisteredAt = Now });
        Fill(r);
        Raise(new OrganizationRegistered(Key, State.Name, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Approve(Actor actor) => Run(() =>
    {
        var (unionId, path) = Decider(actor);
        if (State.Status == OrganizationStatus.Approved)
            throw RuleViolation.Conflict("organization.already_approved", "The organization is already approved.");
        if (State.Status != OrganizationStatus.Pending)
            throw RuleViolation.Conflict("organization.not_pending", "The application was returned; the applicant corrects and resubmits it first.");
        State.Status = OrganizationStatus.Approved;
        State.ApprovedByUnionId = unionId;
        State.ApprovedAt = Now;
        Raise(new OrganizationApproved(Key, State.Name, unionId, path, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Reject(string reason, Actor actor) => Run(() =>
    {
        var (unionId, path) = Decider(actor);
        new FieldChecks().Text(reason, "reason", FieldChecks.ReasonLength).ThrowIfAny();
        if (State.Status != OrganizationStatus.Pending)
            throw RuleViolation.Conflict("organization.not_pending", "Only an application awaiting a decision can be returned.");
        State.Status = OrganizationStatus.Rejected;
        State.RejectionReason = reason.Trim();
        State.RejectedByUnionId = unionId;
        State.RejectedAt = Now;
        Raise(new OrganizationRejected(Key, State.Name, State.RejectionReason, unionId, path, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Resubmit(OrganizationRegistration r, Actor actor) => Run(() =>
    {
        if (actor.Role != Roles.OrganizationMember || actor.OrganizationId != Key)
            throw RuleViolation.Forbidden("organization.resubmit_forbidden", "Only the organization's own members correct its application.");
        OrganizationRules.CheckRegistration(r);
        if (State.Status == OrganizationStatus.Approved)
            throw RuleViolation.Conflict("organization.already_approved", "The organization is already approved.");
        CheckUsccFree(r.Uscc);
        Fill(r);
        State.Status = OrganizationStatus.Pending;
        Raise(new OrganizationResubmitted(Key, State.Name, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task<Guid> AddDocument(EvidenceInput file, Actor actor) => Run(() =>
    {
        RequireMember(actor);
        var document = AttachedDocuments.Next(file, State.Documents, DocumentLimits.MaxProposalDocuments, Now);
        State.Documents = [.. State.Documents, document];
        Raise(new OrganizationDocumentAdded(Key, document.Id, document.FileName, Now), actor.UserId);
        return Task.FromResult(document.Id);
    });

    public Task RemoveDocument(Guid documentId, Actor actor) => Run(() =>
    {
        RequireMember(actor);
        if (State.Documents.All(d => d.Id != documentId)) throw RuleViolation.NotFound("document");
        State.Documents = [.. State.Documents.Where(d => d.Id != documentId)];
        Raise(new OrganizationDocumentRemoved(Key, documentId, Now), actor.UserId);
        return Task.CompletedTask;
    });

    private void RequireMember(Actor actor)
    {
        if (actor.Role != Roles.OrganizationMember || actor.OrganizationId != Key)
            throw RuleViolation.Forbidden("organization.members_only", "Only the organization's own members change its documents.");
    }

    /// <summary>The deciding union: a union admin whose union's region covers the organization's registered region.</summary>
    private (Guid UnionId, string Path) Decider(Actor actor)
    {
        if (actor.Role != Roles.UnionAdmin || actor.UnionId is not { } unionId || actor.UnionPath is not { } path)
            throw RuleViolation.Forbidden("organization.approve_forbidden", "Only a union admin decides on organizations.");
        var region = Db.Unions.Where(u => u.Id == unionId).Select(u => u.RegionCode).SingleOrDefault();
        if (region is null || !Contact.RegionCovers(region, State.RegionCode))
            throw RuleViolation.Forbidden("organization.outside_region", "The organization is registered outside the union's region.");
        return (unionId, path);
    }

    private void CheckUsccFree(string? code)
    {
        if (code is not null && Db.Organizations.Any(o => o.Uscc == code && o.Id != Key))
            throw new RuleViolation("organization.uscc_taken", "An organization with this code is already registered.", ViolationKind.Conflict,
                new Dictionary<string, string[]> { ["uscc"] = ["uscc.taken"] });
    }

    private void Fill(OrganizationRegistration r)
    {
        State.Name = r.Name.Trim();
        State.Kind = r.Kind;
        State.Uscc = r.Kind == OrganizationKind.Registered ? r.Uscc : null;
        State.RegionCode = r.RegionCode;
        State.Description = r.Description ?? "";
        State.ServiceDomains = [.. r.ServiceDomains];
        State.ServiceRegions = [.. r.ServiceRegions];
        State.CertifiedSocialWorkers = r.CertifiedSocialWorkers;
        State.Volunteers = r.Volunteers;
        State.ContactName = r.ContactName ?? "";
        State.ContactPhone = r.ContactPhone ?? "";
    }
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
