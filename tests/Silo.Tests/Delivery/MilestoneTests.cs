using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>A milestone goes Planned → Reported → Verified (or back to Planned with a reason), on a contract awarded through the grains.</summary>
public sealed class MilestoneTests(SharedDeliveryWorld shared) : IClassFixture<SharedDeliveryWorld>
{
    private readonly DeliveryWorld world = shared.World;

    private static MilestoneReport Report(int beneficiaries = 120, int sessions = 6) => new(beneficiaries, sessions, 250_000_00, "开展团体辅导 6 场，个案咨询 20 人次。",
        [new EvidenceInput(Guid.NewGuid(), "签到表.pdf", "application/pdf", 2048, new string('a', 64))]);

    [Fact]
    public async Task Reporting_a_planned_milestone_marks_it_reported_with_its_counts()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var milestoneId = contract.Milestones[0];

        await world.ContractGrain(contract.Id).ReportMilestone(milestoneId, Report(120, 6), world.Members[1]);

        var after = await world.LoadAsync(contract.Id);
        var milestone = after.Milestones[0];
        Assert.Equal(MilestoneStatus.Reported, milestone.Status);
        Assert.Equal((120, 6, 250_000_00L), (milestone.ReportedBeneficiaries, milestone.ReportedSessions, milestone.ReportedExpenditureFen));
        Assert.Equal(world.Clock.GetUtcNow(), milestone.ReportedAt);
        Assert.Equal(1, await world.Node.DbAsync(db => db.EvidenceFiles.CountAsync(e => e.MilestoneId == milestoneId, TestContext.Current.CancellationToken)));
        // Reported is not yet delivered: nothing paid, nothing counted on the contract.
        Assert.Equal((0L, 0, ContractStatus.Active), (after.PaidFen, after.BeneficiariesServed, after.Status));
        Assert.All(after.Milestones.Skip(1), m => Assert.Equal(MilestoneStatus.Planned, m.Status));
        Assert.Equal(nameof(MilestoneReported), (await world.EventsAsync(contract.Id))[^1]);
    }

    [Fact]
    public async Task Reporting_a_milestone_twice_is_refused_as_a_conflict_and_changes_nothing()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await grain.ReportMilestone(contract.Milestones[0], Report(120), world.Members[0]);
        var before = await world.LoadAsync(contract.Id);

        var refused = await Assert.ThrowsAsync<RuleViolation>(() => grain.ReportMilestone(contract.Milestones[0], Report(999), world.Members[0]));

        Assert.Equal("milestone.not_planned", refused.Code);
        Assert.Equal(ViolationKind.Conflict, refused.Kind); // 409
        var after = await world.LoadAsync(contract.Id);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(120, after.Milestones[0].ReportedBeneficiaries);
    }

    [Fact]
    public async Task Verifying_a_milestone_that_was_not_reported_is_refused()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);

        var refused = await Assert.ThrowsAsync<RuleViolation>(() =>
            world.ContractGrain(contract.Id).VerifyMilestone(contract.Milestones[0], accept: true, null, world.Admin));

        Assert.Equal("milestone.not_reported", refused.Code);
        Assert.Equal(ViolationKind.Conflict, refused.Kind);
        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((MilestoneStatus.Planned, 0L, 0L), (after.Milestones[0].Status, after.Milestones[0].PaidFen, after.PaidFen));
    }

    [Fact]
    public async Task Another_organization_cannot_report_on_the_contract_and_is_not_told_it_exists()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var eventsBefore = await world.EventsAsync(contract.Id);

        var refused = await Assert.ThrowsAsync<RuleViolation>(() =>
            world.ContractGrain(contract.Id).ReportMilestone(contract.Milestones[0], Report(), world.Outsider));

        Assert.Equal("contract.not_found", refused.Code);
        Assert.Equal(ViolationKind.NotFound, refused.Kind);
        Assert.Equal(MilestoneStatus.Planned, (await world.LoadAsync(contract.Id)).Milestones[0].Status);
        Assert.Equal(eventsBefore, await world.EventsAsync(contract.Id));
    }

    [Fact]
    public async Task Accepting_a_reported_milestone_pays_its_share_and_counts_what_it_delivered()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await grain.ReportMilestone(contract.Milestones[0], Report(120, 6), world.Members[0]);
        var eventsBefore = await world.EventsAsync(contract.Id);

        await grain.VerifyMilestone(contract.Milestones[0], accept: true, null, world.Admin);

        var after = await world.LoadAsync(contract.Id);
        var share = DeliveryWorld.ContractFen * DeliveryWorld.Shares[0] / 100; // 33 % of 900 000.01 yuan, rounded down to the fen
        Assert.Equal(29_700_000, share);
        Assert.Equal(MilestoneStatus.Verified, after.Milestones[0].Status);
        Assert.Equal(share, after.Milestones[0].PaidFen);
        Assert.Equal(world.Clock.GetUtcNow(), after.Milestones[0].VerifiedAt);
        Assert.Equal((share, 120, 6, 250_000_00L), (after.PaidFen, after.BeneficiariesServed, after.SessionsHeld, after.ExpenditureFen));
        Assert.Equal(ContractStatus.Active, after.Status);
        Assert.Equal([.. eventsBefore, nameof(MilestoneVerified), nameof(PaymentReleased)], await world.EventsAsync(contract.Id));
        Assert.Equal(1, await world.OutboxCountAsync<MilestoneVerified>(contract.Id));
        Assert.Equal(1, await world.OutboxCountAsync<PaymentReleased>(contract.Id));
        var payment = await world.Node.DbAsync(db => db.Outbox.AsNoTracking()
            .SingleAsync(m => m.AggregateId == contract.Id && m.Type == typeof(PaymentReleased).FullName, TestContext.Current.CancellationToken));
        Assert.Contains(share.ToString(System.Globalization.CultureInfo.InvariantCulture), payment.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejecting_a_milestone_without_a_reason_is_refused()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await grain.ReportMilestone(contract.Milestones[0], Report(), world.Members[0]);

        foreach (var reason in new string?[] { null, "", "    ", "不行" })
        {
            var refused = await Assert.ThrowsAsync<RuleViolation>(() => grain.VerifyMilestone(contract.Milestones[0], accept: false, reason, world.Admin));
            Assert.Equal("milestone.reason_required", refused.Code);
            Assert.Contains("milestone.reason_required", refused.Errors["reason"]);
        }

        Assert.Equal(MilestoneStatus.Reported, (await world.LoadAsync(contract.Id)).Milestones[0].Status);
        Assert.Equal(0, await world.OutboxCountAsync<MilestoneRejected>(contract.Id));
    }

    [Fact]
    public async Task Rejecting_a_milestone_with_a_reason_sends_it_back_to_planned_to_be_reported_again()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        await grain.ReportMilestone(contract.Milestones[0], Report(), world.Members[0]);

        await grain.VerifyMilestone(contract.Milestones[0], accept: false, "  签到表缺少日期，请补充。 ", world.Admin);

        var rejected = await world.LoadAsync(contract.Id);
        Assert.Equal(MilestoneStatus.Planned, rejected.Milestones[0].Status);
        Assert.Equal("签到表缺少日期，请补充。", rejected.Milestones[0].RejectionReason);
        Assert.Equal((0L, 0), (rejected.PaidFen, rejected.BeneficiariesServed));
        Assert.Equal(nameof(MilestoneRejected), (await world.EventsAsync(contract.Id))[^1]);
        Assert.Equal(1, await world.OutboxCountAsync<MilestoneRejected>(contract.Id));

        await grain.ReportMilestone(contract.Milestones[0], Report(130), world.Members[0]);
        var reported = await world.LoadAsync(contract.Id);
        Assert.Equal((MilestoneStatus.Reported, null, 130), (reported.Milestones[0].Status, reported.Milestones[0].RejectionReason, reported.Milestones[0].ReportedBeneficiaries));
    }

    [Fact]
    public async Task Verifying_the_last_milestone_completes_the_contract_having_paid_exactly_its_amount()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);

        foreach (var milestoneId in contract.Milestones.SkipLast(1))
        {
            await grain.ReportMilestone(milestoneId, Report(100, 5), world.Members[0]);
            await grain.VerifyMilestone(milestoneId, accept: true, null, world.Admin);
        }
        Assert.Equal(ContractStatus.Active, (await world.LoadAsync(contract.Id)).Status);
        Assert.Equal(0, await world.OutboxCountAsync<ContractCompleted>(contract.Id));

        await grain.ReportMilestone(contract.Milestones[^1], Report(100, 5), world.Members[0]);
        await grain.VerifyMilestone(contract.Milestones[^1], accept: true, null, world.Admin);

        var after = await world.LoadAsync(contract.Id);
        Assert.Equal(ContractStatus.Completed, after.Status);
        Assert.Equal(world.Clock.GetUtcNow(), after.CompletedAt);
        Assert.Equal(DeliveryWorld.ContractFen, after.PaidFen);
        Assert.Equal(DeliveryWorld.ContractFen, after.Milestones.Sum(m => m.PaidFen));
        Assert.Equal([29_700_000L, 29_700_000L, 30_600_001L], after.Milestones.Select(m => m.PaidFen));
        Assert.Equal((300, 15), (after.BeneficiariesServed, after.SessionsHeld));
        Assert.Equal([nameof(MilestoneVerified), nameof(PaymentReleased), nameof(ContractCompleted)], (await world.EventsAsync(contract.Id)).TakeLast(3));
        Assert.Equal(1, await world.OutboxCountAsync<ContractCompleted>(contract.Id));
    }

    [Fact]
    public async Task Nothing_can_be_reported_or_verified_on_a_completed_contract()
    {
        var contract = await world.AwardContractAsync(evaluators: 1);
        var grain = world.ContractGrain(contract.Id);
        foreach (var milestoneId in contract.Milestones)
        {
            await grain.ReportMilestone(milestoneId, Report(), world.Members[0]);
            await grain.VerifyMilestone(milestoneId, accept: true, null, world.Admin);
        }
        var completed = await world.LoadAsync(contract.Id);
        Assert.Equal(ContractStatus.Completed, completed.Status);

        var report = await Assert.ThrowsAsync<RuleViolation>(() => grain.ReportMilestone(contract.Milestones[0], Report(), world.Members[0]));
        var verify = await Assert.ThrowsAsync<RuleViolation>(() => grain.VerifyMilestone(contract.Milestones[0], accept: true, null, world.Admin));

        Assert.Equal(("contract.closed", ViolationKind.Conflict), (report.Code, report.Kind));
        Assert.Equal(("contract.closed", ViolationKind.Conflict), (verify.Code, verify.Kind));
        var after = await world.LoadAsync(contract.Id);
        Assert.Equal((completed.Version, DeliveryWorld.ContractFen), (after.Version, after.PaidFen));
    }
}
