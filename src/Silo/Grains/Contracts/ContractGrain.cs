using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Grains.Evaluators;
using Procurement.Silo.Grains.Projects;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Contracts;

public sealed class ContractGrain : AggregateGrain<Contract>, IContractGrain
{
    protected override string EntityName => "contract";

    /// <summary>The quarter start opens reviews in batches (<see cref="ReviewOpening.OpenBatchAsync"/>), beside this grain.</summary>
    protected override bool WrittenInBatches => true;

    protected override IQueryable<Contract> Load(ProcurementDb db) =>
        db.Contracts.Include(c => c.Milestones).ThenInclude(m => m.Evidence).Include(c => c.Reviews).ThenInclude(r => r.Evaluators);

    public Task CreateFromAward(Guid projectId, Guid bidId) => Run(async () =>
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
    });

    public Task ReportMilestone(Guid milestoneId, MilestoneReport report, Actor actor) => Run(() =>
    {
        RequireOrganization(actor);
        ContractRules.CheckOpenForDelivery(State);
        var milestone = State.Milestones.FirstOrDefault(m => m.Id == milestoneId) ?? throw RuleViolation.NotFound("milestone");
        if (milestone.Status != MilestoneStatus.Planned)
            throw RuleViolation.Conflict("milestone.not_planned", "Only a planned milestone can be reported.");
        ContractRules.CheckReport(report);

        milestone.Status = MilestoneStatus.Reported;
        milestone.ReportedAt = Now;
        milestone.ReportedBeneficiaries = report.BeneficiariesServed;
        milestone.ReportedSessions = report.SessionsHeld;
        milestone.ReportedExpenditureFen = report.ExpenditureFen;
        milestone.Narrative = report.Narrative.Trim();
        milestone.RejectionReason = null;
        foreach (var old in milestone.Evidence.ToList()) Db.Remove(old);
        milestone.Evidence.Clear();
        foreach (var e in report.Evidence)
        {
            var file = new EvidenceFile
            {
                Id = e.Id, MilestoneId = milestoneId, FileName = e.FileName, ContentType = e.ContentType, SizeBytes = e.SizeBytes,
                Sha256 = e.Sha256, UploadedAt = Now,
            };
            milestone.Evidence.Add(file);
            Db.EvidenceFiles.Add(file);
        }
        Raise(new MilestoneReported(Key, milestoneId, State.OrganizationId, State.UnionPath, State.Title, milestone.Deliverable, report.BeneficiariesServed, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task VerifyMilestone(Guid milestoneId, bool accept, string? reason, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        ContractRules.CheckOpenForDelivery(State);
        var milestone = State.Milestones.FirstOrDefault(m => m.Id == milestoneId) ?? throw RuleViolation.NotFound("milestone");
        if (milestone.Status != MilestoneStatus.Reported)
            throw RuleViolation.Conflict("milestone.not_reported", "Only a reported milestone can be verified.");

        if (!accept)
        {
            new FieldChecks().Require(reason is { Length: >= 5 and <= 2000 } && !string.IsNullOrWhiteSpace(reason), "reason", "milestone.reason_required")
                .ThrowIfAny("milestone.reason_required");
            milestone.Status = MilestoneStatus.Planned;
            milestone.RejectionReason = reason!.Trim();
            Raise(new MilestoneRejected(Key, milestoneId, State.OrganizationId, State.UnionPath, State.Title, milestone.Deliverable, milestone.RejectionReason, Now), actor.UserId);
            return Task.CompletedTask;
        }

        milestone.Status = MilestoneStatus.Verified;
        milestone.VerifiedAt = Now;
        milestone.PaidFen = ContractRules.MilestoneAmount(State, milestone);
        State.PaidFen += milestone.PaidFen;
        State.BeneficiariesServed += milestone.ReportedBeneficiaries;
        State.SessionsHeld += milestone.ReportedSessions;
        State.ExpenditureFen += milestone.ReportedExpenditureFen;
        Raise(new MilestoneVerified(Key, milestoneId, State.OrganizationId, State.UnionPath, State.Title, milestone.Deliverable, Now), actor.UserId);
        Raise(new PaymentReleased(Key, milestoneId, State.OrganizationId, State.UnionPath, milestone.PaidFen, State.PaidFen, Now, State.Title), actor.UserId);
        if (State.Milestones.All(m => m.Status == MilestoneStatus.Verified))
        {
            State.Status = ContractStatus.Completed;
            State.CompletedAt = Now;
            Raise(new ContractCompleted(Key, State.OrganizationId, State.UnionPath, State.Title, Now), actor.UserId);
        }
        return Task.CompletedTask;
    });

    public Task<bool> OpenReview(string quarter, DateTimeOffset quarterEnd, DateTimeOffset dueAt) => Run(async () =>
    {
        if (!Exists || !ReviewOpening.IsDue(State, quarterEnd, State.Reviews.Any(r => r.Quarter == quarter))) return false;
        var evaluators = await ReviewOpening.EvaluatorsAsync(Db, [State.ProjectId], CancellationToken.None);
        var weights = await ReviewOpening.WeightsAsync(Db, [State.UnionId], CancellationToken.None);
        var (review, opened) = ReviewOpening.Open(State, quarter, StoredTime.Of(dueAt), evaluators.GetValueOrDefault(State.ProjectId) ?? [],
            weights.GetValueOrDefault(State.UnionId), Now);
        State.Reviews.Add(review);
        Db.QuarterlyReviews.Add(review);
        Raise(opened, null);
        return true;
    });

    public Task ScoreReview(Guid reviewId, ReviewScoresInput scores, bool declareNoConflict, Actor actor) => Run(async () =>
    {
        var review = State.Reviews.FirstOrDefault(r => r.Id == reviewId) ?? throw RuleViolation.NotFound("review");
        var evaluator = actor.Role == Roles.Evaluator ? review.Evaluators.FirstOrDefault(e => e.EvaluatorId == actor.UserId) : null;
        if (evaluator is null) throw RuleViolation.NotFound("review");
        if (evaluator.ConflictDeclared) throw RuleViolation.Forbidden("evaluation.conflicted", "You declared a conflict of interest for this review.");
        if (review.Status != ReviewStatus.Open) throw RuleViolation.Conflict("review.closed", "The review has closed.");
        ContractRules.CheckOpenForDelivery(State);
        if (evaluator.DeclaredNoConflictAt is null)
        {
            if (!declareNoConflict)
                throw RuleViolation.Forbidden("evaluation.declaration_required", "Declare that you have no conflict of interest before scoring.");
            if (await Db.Users.AnyAsync(u => u.Id == actor.UserId && u.OrganizationId == State.OrganizationId))
                throw RuleViolation.Forbidden("evaluation.member_of_bidder", "A member of the contracted organization cannot review it.");
            if (await EvaluatorGrain.TiedAsync(Db, actor.UserId, [State.OrganizationId]))
                throw RuleViolation.Forbidden("evaluation.declared_tie", "You declared a tie to the contracted organization: declare the conflict of interest.");
            evaluator.DeclaredNoConflictAt = Now;
        }
        ReviewRules.CheckScores(scores);
        evaluator.Scores = [.. scores.InOrder()];
        evaluator.Comments = [.. scores.InOrder().Select((_, i) => scores.Comments?.ElementAtOrDefault(i)?.Trim() ?? "")];
        evaluator.TotalCentipoints = ReviewRules.Total(review.Weights, evaluator.Scores);
        evaluator.ScoredAt = Now;
    });

    public Task<bool> CloseReview(Guid reviewId) => Run(() =>
    {
        var review = State.Reviews.FirstOrDefault(r => r.Id == reviewId);
        if (review is null || review.Status != ReviewStatus.Open || Now < review.DueAt) return Task.FromResult(false);

        review.Status = ReviewStatus.Completed;
        review.CompletedAt = Now;
        review.ScoreCentipoints = EvaluationRules.ProjectScore([.. review.Evaluators.Where(e => e.TotalCentipoints is not null).Select(e => e.TotalCentipoints!.Value)]);
        review.Grade = review.ScoreCentipoints is { } score ? ReviewRules.Grade(score) : null;
        Raise(new ReviewCompleted(review.Id, Key, review.Quarter, State.OrganizationId, State.UnionPath, State.Title, review.Grade, review.ScoreCentipoints, Now), null);

        // A contract that has ended takes no consequence from a review still open when it ended.
        if (State.Status is not (ContractStatus.Active or ContractStatus.Rectifying)) return Task.FromResult(true);
        if (review.Grade == ReviewGrade.Fail)
        {
            State.ConsecutiveFails++;
            if (State.Status == ContractStatus.Active)
            {
                State.Status = ContractStatus.Rectifying;
                State.RectificationReport = null;
                State.RectificationSubmittedAt = null;
                Raise(new RectificationRequired(Key, State.OrganizationId, State.UnionPath, State.Title, Now), null);
            }
            if (State.ConsecutiveFails >= 2 && !State.TerminationRecommended)
            {
                State.TerminationRecommended = true;
                Raise(new TerminationRecommended(Key, State.OrganizationId, State.UnionPath, State.Title, Now), null);
            }
        }
        else if (review.Grade is not null)
        {
            State.ConsecutiveFails = 0;
        }
        return Task.FromResult(true);
    });

    public Task SubmitRectification(string report, Actor actor) => Run(() =>
    {
        RequireOrganization(actor);
        if (State.Status != ContractStatus.Rectifying) throw RuleViolation.Conflict("contract.not_rectifying", "The contract is not in rectification.");
        new FieldChecks().Text(report, "report", 8000).ThrowIfAny();
        State.RectificationReport = report.Trim();
        State.RectificationSubmittedAt = Now;
        Raise(new RectificationSubmitted(Key, State.OrganizationId, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task LiftRectification(Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (State.Status != ContractStatus.Rectifying) throw RuleViolation.Conflict("contract.not_rectifying", "The contract is not in rectification.");
        if (State.RectificationSubmittedAt is null)
            throw RuleViolation.Conflict("contract.rectification_missing", "The organization has not submitted its rectification report yet.");
        State.Status = ContractStatus.Active;
        Raise(new RectificationLifted(Key, State.OrganizationId, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task DecideTermination(bool terminate, string? reason, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (!State.TerminationRecommended) throw RuleViolation.Conflict("contract.no_recommendation", "No termination has been recommended.");
        if (terminate)
        {
            State.Status = ContractStatus.Terminated;
            State.CompletedAt = Now;
        }
        State.TerminationRecommended = false;
        if (!terminate) State.ConsecutiveFails = 0;
        Raise(new TerminationDecided(Key, State.OrganizationId, State.UnionPath, terminate, reason?.Trim(), Now), actor.UserId);
        return Task.CompletedTask;
    });

    private void RequireOrganization(Actor actor)
    {
        // Another organization may not learn that this contract exists.
        if (actor.Role != Roles.OrganizationMember || actor.OrganizationId != State.OrganizationId) throw RuleViolation.NotFound("contract");
    }

    private void RequireUnion(Actor actor)
    {
        if (!actor.CanActOnUnion(State.UnionPath))
            throw actor.Role is Roles.UnionAdmin or Roles.OrganizationMember && actor.OrganizationId != State.OrganizationId
                ? RuleViolation.NotFound("contract")
                : RuleViolation.Forbidden("contract.union_only", "Only the contract's union may do this.");
    }
}
