using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Contracts;

public sealed class ContractGrain : Grain<Contract>, IContractGrain
{
    protected override string EntityName => "contract";

    protected override IQueryable<Contract> Load(ProcurementDb db) => db.Contracts.Include(c => c.Milestones.OrderBy(m => m.Sequence));

    public async Task CreateFromAward(Guid projectId, Guid bidId)
    {
        if (Exists) return;
        var project = await Db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == projectId) ?? throw RuleViolation.NotFound("project");
        var bid = await Db.Bids.AsNoTracking().FirstOrDefaultAsync(b => b.Id == bidId && b.ProjectId == projectId) ?? throw RuleViolation.NotFound("bid");
        if (project.Status != ProjectStatus.Awarded || project.AwardedBidId != bidId)
            throw RuleViolation.Conflict("contract.not_awarded", "A contract is created only from the awarded bid.");

        Create(new Contract
        {
            ProjectId = projectId, BidId = bidId, UnionId = project.UnionId, UnionPath = project.UnionPath,
            OrganizationId = bid.OrganizationId, Title = project.Title, AmountFen = bid.AmountFen,
            TargetBeneficiaries = bid.TargetBeneficiaries, TargetSessions = bid.TargetSessions,
            PeriodStart = project.ServiceStart, PeriodEnd = project.ServiceEnd, Status = ContractStatus.Active, SignedAt = Now,
            Milestones = [.. bid.Milestones.Select((m, i) => new Milestone
            {
                Id = Guid.CreateVersion7(Now), ContractId = Key, Sequence = i + 1, Deliverable = m.Deliverable,
                DueDate = m.DueDate, SharePercent = m.SharePercent, Status = MilestoneStatus.Planned,
            })],
        });
        Raise(new ContractAwarded(Key, projectId, bid.OrganizationId, project.UnionPath, project.Title, bid.AmountFen, Now), null);
    }
}
