using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Grains.Evaluators;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains.Projects;

public sealed class ProjectGrain(IOptions<ProcurementRulesOptions> rules) : AggregateGrain<Project>, IProjectGrain
{
    protected override string EntityName => "project";

    protected override IQueryable<Project> Load(ProcurementDb db) =>
        db.Projects.Include(p => p.Bids).ThenInclude(b => b.Scores).Include(p => p.Evaluators);

    public Task CreateDraft(ProjectDraft d, Actor actor) => Run(async () =>
    {
        ProjectRules.CheckDraft(d);
        var union = await Db.Unions.AsNoTracking().FirstOrDefaultAsync(u => u.Id == d.UnionId)
            ?? throw new RuleViolation("union.not_found", "The union does not exist.", ViolationKind.Invalid, Field("unionId", "union.not_found"));
        if (!actor.CanActOnUnion(union.Path))
            throw RuleViolation.Forbidden("project.union_forbidden", "A union creates projects for itself or the unions below it.");
        await CheckBrandAsync(d.BrandId, union.Path);
        Create(new Project { UnionId = union.Id, UnionPath = union.Path, Status = ProjectStatus.Draft, CreatedBy = actor.UserId, CreatedAt = Now });
        Fill(d);
        Raise(new ProjectDrafted(Key, State.Title, union.Id, union.Path, Now), actor.UserId);
    });

    public Task UpdateDraft(ProjectDraft d, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status != ProjectStatus.Draft)
            throw RuleViolation.Conflict("project.not_draft", "Only a draft is edited; a published call is amended.");
        await CheckContentAsync(d, checks => checks);
        Fill(d);
        Raise(new ProjectDraftEdited(Key, State.Title, State.UnionPath, Now), actor.UserId);
    });

    public Task Amend(ProjectDraft d, string note, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status != ProjectStatus.Published || Now >= State.BidClosesAt)
            throw RuleViolation.Conflict("project.amend_closed", "Only a published call is amended, and only before its deadline.");
        var opened = Now >= State.BidOpensAt;
        var highestBid = State.Bids.Where(b => b.Status == BidStatus.Submitted).Select(b => b.AmountFen).DefaultIfEmpty(0).Max();
        await CheckContentAsync(d, checks => checks
            .Text(note, "note", FieldChecks.ReasonLength)
            .Require(checks.AnyRefused("bidClosesAt") || d.BidClosesAt > Now, "bidClosesAt", "project.close_in_past")
            .Require(checks.AnyRefused("bidOpensAt") || !opened || StoredTime.Of(d.BidOpensAt) == State.BidOpensAt, "bidOpensAt", "project.opened_fixed")
            .Require(checks.AnyRefused("budgetFen") || d.BudgetFen >= highestBid, "budgetFen", "project.budget_below_bids"));
        var deadlineChanged = StoredTime.Of(d.BidClosesAt) != State.BidClosesAt;
        Fill(d);
        State.Amendments = [.. State.Amendments, new Amendment { At = Now, Note = note.Trim(), BidClosesAt = State.BidClosesAt }];
        Raise(new ProjectAmended(Key, State.Title, State.UnionPath, note.Trim(), State.BidClosesAt, deadlineChanged, Now), actor.UserId);
    });

    public Task Cancel(string reason, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (State.Status is not (ProjectStatus.Published or ProjectStatus.BiddingClosed or ProjectStatus.Evaluating or ProjectStatus.AwardProposed))
            throw RuleViolation.Conflict("project.cancel_closed", "Only a published call not yet awarded is cancelled.");
        new FieldChecks().Text(reason, "reason", FieldChecks.ReasonLength).ThrowIfAny();
        if (State.Status == ProjectStatus.AwardProposed)
        {
            // The proposed award goes with the call: its open objections are settled by the cancellation, never answered.
            State.Objections = [.. State.Objections.Select(o => o.Outcome is null ? o.AnsweredWith(ObjectionOutcome.Cancelled, reason.Trim(), Now) : o)];
            State.OpenObjections = 0;
            State.AwardedBidId = null;
            State.AwardReason = null;
            State.AwardProposedAt = null;
            State.PublicityEndsAt = null;
        }
        State.Status = ProjectStatus.Cancelled;
        State.CancelReason = reason.Trim();
        State.CancelledAt = Now;
        Raise(new ProjectCancelled(Key, State.Title, State.UnionPath, State.CancelReason, Now), actor.UserId);
        return Task.CompletedTask;
    });

    /// <summary>
    /// The rules of a changed draft or amendment, with the change's own (<paramref name="own"/>), all at once: the draft's
    /// rules, the union unchanged, the brand usable by it.
    /// </summary>
    private async Task CheckContentAsync(ProjectDraft d, Func<FieldChecks, FieldChecks> own)
    {
        own(ProjectRules.DraftChecks(d, new FieldChecks()).Require(d.UnionId == State.UnionId, "unionId", "project.union_fixed")).ThrowIfAny();
        await CheckBrandAsync(d.BrandId, State.UnionPath);
    }

    /// <summary>A brand is used by its own union and the unions below it.</summary>
    private async Task CheckBrandAsync(Guid? brandId, string unionPath)
    {
        if (brandId is { } id && !await Db.Brands.AnyAsync(b => b.Id == id && Db.Unions.Any(u => u.Id == b.UnionId && unionPath.StartsWith(u.Path))))
            throw new RuleViolation("brand.not_found", "The brand does not exist.", ViolationKind.Invalid, Field("brandId", "brand.not_found"));
    }

    private void Fill(ProjectDraft d)
    {
        State.BrandId = d.BrandId;
        State.Category = d.Category.Trim();
        State.Title = d.Title.Trim();
        State.Description = d.Description ?? "";
        State.TargetGroups = [.. d.TargetGroups];
        State.ServiceRegions = [.. d.ServiceRegions];
        State.BudgetFen = d.BudgetFen;
        State.ProvincialFundingFen = d.ProvincialFundingFen;
        State.LocalFundingFen = d.LocalFundingFen;
        State.OtherFundingFen = d.OtherFundingFen;
        State.TargetBeneficiaries = d.TargetBeneficiaries;
        State.TargetSessions = d.TargetSessions;
        State.RegisteredOnly = d.RegisteredOnly;
        State.MinCertifiedSocialWorkers = d.MinCertifiedSocialWorkers;
        State.Criteria = [.. d.Criteria.Select(c => new Criterion { Name = c.Name.Trim(), Weight = c.Weight })];
        State.BidOpensAt = StoredTime.Of(d.BidOpensAt);
        State.BidClosesAt = StoredTime.Of(d.BidClosesAt);
        State.ServiceStart = d.ServiceStart;
        State.ServiceEnd = d.ServiceEnd;
    }

    public Task<Guid> AddCallDocument(EvidenceInput file, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (!(State.Status == ProjectStatus.Draft || (State.Status == ProjectStatus.Published && Now < State.BidClosesAt)))
            throw RuleViolation.Conflict("document.call_closed", "Call documents change while the call is a draft or open for bids.");
        var document = AttachedDocuments.Next(file, State.Documents, DocumentLimits.MaxCallDocuments, Now);
        State.Documents = [.. State.Documents, document];
        Raise(new CallDocumentAdded(Key, State.Title, document.Id, document.FileName, document.Version, State.Status == ProjectStatus.Published,
            State.UnionPath, Now), actor.UserId);
        return Task.FromResult(document.Id);
    });

    public Task RemoveCallDocument(Guid documentId, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        if (State.Documents.All(d => d.Id != documentId)) throw RuleViolation.NotFound("document");
        if (State.Status != ProjectStatus.Draft)
            throw RuleViolation.Conflict("document.published", "A published call's documents are superseded by a new version, not removed.");
        State.Documents = [.. State.Documents.Where(d => d.Id != documentId)];
        Raise(new CallDocumentRemoved(Key, documentId, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task<Guid> AddProposalDocument(Guid bidId, EvidenceInput file, Actor actor) => Run(() =>
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var bid = LiveBid(organizationId) is { } live && live.Id == bidId ? live : throw RuleViolation.NotFound("bid");
        var document = AttachedDocuments.Next(file, bid.Documents, DocumentLimits.MaxProposalDocuments, Now);
        bid.Documents = [.. bid.Documents, document];
        bid.UpdatedAt = Now;
        Raise(new ProposalDocumentAdded(Key, bid.Id, document.Id, organizationId, State.UnionPath, Now), actor.UserId);
        return Task.FromResult(document.Id);
    });

    public Task RemoveProposalDocument(Guid bidId, Guid documentId, Actor actor) => Run(() =>
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var bid = LiveBid(organizationId) is { } live && live.Id == bidId && live.Documents.Any(d => d.Id == documentId) ? live : throw RuleViolation.NotFound("document");
        bid.Documents = [.. bid.Documents.Where(d => d.Id != documentId)];
        bid.UpdatedAt = Now;
        Raise(new ProposalDocumentRemoved(Key, bid.Id, documentId, organizationId, State.UnionPath, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task Publish(Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        ProjectRules.CheckPublishable(State, Now);
        State.Status = ProjectStatus.Published;
        State.PublishedAt = Now;
        Raise(new ProjectPublished(Key, State.Title, State.UnionPath, State.BidClosesAt, Now), actor.UserId);
        return Task.CompletedTask;
    });

    public Task<Guid> SubmitBid(BidDraft draft, Actor actor) => Run(async () =>
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var organization = await Db.Organizations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == organizationId)
            ?? throw RuleViolation.NotFound("organization");
        ProjectRules.CheckEligible(State, organization, rules.Value.CommunityGroupBudgetCapFen);
        ProjectRules.CheckBid(draft, State);

        var bid = LiveBid(organizationId);
        if (bid is null)
        {
            bid = new Bid { Id = Guid.CreateVersion7(Now), ProjectId = Key, OrganizationId = organizationId, Status = BidStatus.Submitted, SubmittedAt = Now };
            State.Bids.Add(bid);
            Db.Bids.Add(bid); // a preset key reached only through the navigation would be taken for an existing row
            State.BidCount++;
        }
        bid.Plan = draft.Plan.Trim();
        bid.AmountFen = draft.AmountFen;
        bid.BudgetLines = [.. draft.BudgetLines.Select(l => new BudgetLine { Item = l.Item.Trim(), AmountFen = l.AmountFen })];
        bid.Milestones = [.. draft.Milestones.Select(m => new ProposedMilestone { Deliverable = m.Deliverable.Trim(), DueDate = m.DueDate, SharePercent = m.SharePercent })];
        bid.TargetBeneficiaries = draft.TargetBeneficiaries;
        bid.TargetSessions = draft.TargetSessions;
        bid.Team = draft.Team ?? "";
        bid.UpdatedAt = Now;
        Raise(new BidSubmitted(Key, bid.Id, organizationId, State.UnionPath, State.BidCount, Now, State.Title), actor.UserId);
        return bid.Id;
    });

    public Task WithdrawBid(Guid bidId, Actor actor) => Run(() =>
    {
        var organizationId = RequireOrganization(actor);
        ProjectRules.CheckBiddingOpen(State, Now);
        var bid = LiveBid(organizationId) is { } live && live.Id == bidId ? live : throw RuleViolation.NotFound("bid");
        bid.Status = BidStatus.Withdrawn;
        bid.UpdatedAt = Now;
        State.BidCount--;
        Raise(new BidWithdrawn(Key, bid.Id, organizationId, State.UnionPath, State.BidCount, Now, State.Title), actor.UserId);
        return Task.CompletedTask;
    });

    public Task<bool> CloseBidding() => Run(() =>
    {
        if (!Exists || State.Status != ProjectStatus.Published || Now < State.BidClosesAt) return Task.FromResult(false);
        var noAward = State.BidCount == 0;
        State.Status = noAward ? ProjectStatus.NoAward : State.Evaluators.Count > 0 ? ProjectStatus.Evaluating : ProjectStatus.BiddingClosed;
        State.ClosedAt = Now;
        Raise(new BiddingClosed(Key, State.Title, State.UnionPath, State.BidCount, noAward, Now), null);
        return Task.FromResult(true);
    });

    public Task AssignEvaluators(IReadOnlyList<Guid> evaluatorIds, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        if (State.Status is not (ProjectStatus.Published or ProjectStatus.BiddingClosed or ProjectStatus.Evaluating))
            throw RuleViolation.Conflict("evaluation.assign_closed", "Evaluators are assigned while the project is open or under evaluation.");
        var ids = (evaluatorIds ?? []).Distinct().ToList();
        var evaluatorRole = await Db.Roles.Where(r => r.Name == Roles.Evaluator).Select(r => r.Id).SingleAsync();
        var known = await Db.UserRoles.Where(ur => ur.RoleId == evaluatorRole && ids.Contains(ur.UserId)).Select(ur => ur.UserId).ToListAsync();
        new FieldChecks()
            .Require(ids.Count is > 0 and <= EvaluationRules.MaxEvaluators, "evaluatorIds", "evaluation.evaluator_count")
            .Require(known.Count == ids.Count, "evaluatorIds", "evaluation.not_an_evaluator")
            .ThrowIfAny();

        var scored = State.Bids.SelectMany(b => b.Scores).Select(s => s.EvaluatorId).ToHashSet();
        foreach (var gone in State.Evaluators.Where(e => !ids.Contains(e.EvaluatorId) && !scored.Contains(e.EvaluatorId)).ToList())
        {
            State.Evaluators.Remove(gone);
            Db.Remove(gone);
        }
        foreach (var id in ids.Where(id => State.Evaluators.All(e => e.EvaluatorId != id)))
        {
            var assignment = new EvaluatorAssignment { ProjectId = Key, EvaluatorId = id, AssignedAt = Now };
            State.Evaluators.Add(assignment);
            Db.EvaluatorAssignments.Add(assignment);
        }
        if (State.Status == ProjectStatus.BiddingClosed) State.Status = ProjectStatus.Evaluating;
        Raise(new EvaluatorsAssigned(Key, State.Title, State.UnionPath, [.. State.Evaluators.Select(e => e.EvaluatorId)], Now), actor.UserId);
    });

    public Task DeclareConflict(bool hasConflict, Actor actor) => Run(() => Declare(hasConflict, actor));

    /// <summary>The declaration's rules and effect, shared by <see cref="DeclareConflict"/> and a score that declares in the same step.</summary>
    private async Task Declare(bool hasConflict, Actor actor)
    {
        var assignment = RequireEvaluator(actor);
        if (State.Status != ProjectStatus.Evaluating)
            throw RuleViolation.Conflict("evaluation.not_open", "Evaluation opens when bidding has closed.");
        if (assignment.DeclaredNoConflictAt is not null)
            throw RuleViolation.Conflict("evaluation.already_declared", "The declaration has already been made.");

        // Membership of a bidding organization is a conflict whatever the evaluator declares.
        var bidders = State.Bids.Where(b => b.Status == BidStatus.Submitted).Select(b => (Guid?)b.OrganizationId).ToList();
        if (await Db.Users.AnyAsync(u => u.Id == actor.UserId && bidders.Contains(u.OrganizationId)))
            throw RuleViolation.Forbidden("evaluation.member_of_bidder", "A member of a bidding organization cannot evaluate this project.");
        // A tie the evaluator declared to a bidder (回避申报) is a conflict too: declaring none is refused.
        if (!hasConflict && await EvaluatorGrain.TiedAsync(Db, actor.UserId, [.. bidders.Select(b => b!.Value)]))
            throw RuleViolation.Forbidden("evaluation.declared_tie", "You declared a tie to a bidding organization: declare the conflict of interest.");
        if (hasConflict)
        {
            assignment.ConflictDeclared = true;
            Raise(new ConflictDeclared(Key, actor.UserId, State.UnionPath, Now), actor.UserId);
            return;
        }
        assignment.DeclaredNoConflictAt = Now;
        Raise(new NoConflictDeclared(Key, actor.UserId, State.UnionPath, Now), actor.UserId);
    }

    public Task ScoreBid(Guid bidId, IReadOnlyList<CriterionScoreInput> scores, bool declareNoConflict, Actor actor) => Run(async () =>
    {
        var assignment = RequireEvaluator(actor);
        if (declareNoConflict && assignment.DeclaredNoConflictAt is null) await Declare(false, actor);
        if (State.Status != ProjectStatus.Evaluating)
            throw RuleViolation.Conflict("evaluation.not_open", "Evaluation opens when bidding has closed.");
        if (assignment.DeclaredNoConflictAt is null)
            throw RuleViolation.Forbidden("evaluation.declaration_required", "Declare that you have no conflict of interest before scoring.");
        var bid = State.Bids.FirstOrDefault(b => b.Id == bidId && b.Status == BidStatus.Submitted) ?? throw RuleViolation.NotFound("bid");
        EvaluationRules.CheckScores(State, scores);

        var entered = scores.Select(s => new CriterionScore { Criterion = s.Criterion, Score = s.Score }).ToList();
        var score = bid.Scores.FirstOrDefault(s => s.EvaluatorId == actor.UserId);
        if (score is null)
        {
            score = new BidScore { BidId = bidId, EvaluatorId = actor.UserId };
            bid.Scores.Add(score);
            Db.BidScores.Add(score);
        }
        score.Scores = entered;
        score.TotalCentipoints = EvaluationRules.WeightedTotal(State.Criteria, entered);
        score.ScoredAt = Now;
        Raise(new BidScored(Key, bidId, actor.UserId, State.UnionPath, Now), actor.UserId);
    });

    public Task<AwardOutcome> ProposeAward(Guid bidId, string? reason, Actor actor) => Run(async () =>
    {
        RequireUnion(actor);
        EvaluationRules.CheckAward(State, bidId, reason);
        var bid = State.Bids.Single(b => b.Id == bidId);
        var days = await Db.Unions.Where(u => u.Id == State.UnionId).Select(u => u.AwardPublicityWorkingDays).FirstAsync()
            ?? rules.Value.AwardPublicityWorkingDays;
        State.AwardedBidId = bidId;
        State.AwardReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        State.AwardProposedAt = Now;
        State.PublicityEndsAt = StoredTime.Of(rules.Value.PublicityEnd(Now, days));
        if (days == 0) return Conclude(actor.UserId);
        State.Status = ProjectStatus.AwardProposed;
        Raise(new AwardProposed(Key, State.Title, bidId, bid.OrganizationId, bid.AmountFen, State.UnionPath, State.PublicityEndsAt.Value, Now), actor.UserId);
        return new AwardOutcome(bidId, null, State.PublicityEndsAt);
    });

    public Task<Guid> FileObjection(string reason, EvidenceInput? attachment, Actor actor) => Run(() =>
    {
        var organizationId = RequireOrganization(actor);
        // Only a bidder objects; the proposed winner has nothing to object to.
        if (LiveBid(organizationId) is not { } own)
            throw RuleViolation.Forbidden("objection.bidders_only", "Only an organization that bid may object to the award.");
        if (State.Status != ProjectStatus.AwardProposed || Now >= State.PublicityEndsAt)
            throw RuleViolation.Conflict("objection.not_in_publicity", "Objections are filed while the proposed award is published.");
        if (own.Id == State.AwardedBidId)
            throw RuleViolation.Forbidden("objection.own_award", "The proposed winner does not object to its own award.");
        if (State.Objections.Any(o => o.OrganizationId == organizationId && o.FiledAt >= State.AwardProposedAt))
            throw RuleViolation.Conflict("objection.already_filed", "Your organization has objected to this proposed award already.");
        new FieldChecks().Text(reason, "reason", FieldChecks.ReasonLength).ThrowIfAny();

        var objection = new Objection
        {
            Id = Guid.CreateVersion7(Now), BidId = State.AwardedBidId!.Value, OrganizationId = organizationId, FiledBy = actor.UserId, FiledAt = Now,
            Reason = reason.Trim(), AttachmentName = attachment?.FileName, AttachmentType = attachment?.ContentType,
            AttachmentSize = attachment?.SizeBytes, AttachmentSha256 = attachment?.Sha256,
        };
        State.Objections = [.. State.Objections, objection];
        State.OpenObjections++;
        Raise(new ObjectionFiled(Key, State.Title, objection.Id, organizationId, State.UnionPath, Now), actor.UserId);
        return Task.FromResult(objection.Id);
    });

    public Task AnswerObjection(Guid objectionId, bool upheld, string answer, Actor actor) => Run(() =>
    {
        RequireUnion(actor);
        var objection = State.Objections.FirstOrDefault(o => o.Id == objectionId) ?? throw RuleViolation.NotFound("objection");
        if (objection.Outcome is not null)
            throw RuleViolation.Conflict("objection.answered", "The objection has been answered already.");
        if (State.Status != ProjectStatus.AwardProposed)
            throw RuleViolation.Conflict("objection.award_closed", "Objections are answered while the proposed award is published.");
        new FieldChecks().Text(answer, "answer", FieldChecks.ReasonLength).ThrowIfAny();

        // An upheld objection withdraws the proposal, so it answers every other open one too (moot).
        var answering = State.Objections.Where(o => o.Outcome is null && (o.Id == objectionId || upheld)).Select(o => o.Id).ToHashSet();
        State.Objections = [.. State.Objections.Select(o => !answering.Contains(o.Id) ? o : o.AnsweredWith(
            o.Id != objectionId ? ObjectionOutcome.Superseded : upheld ? ObjectionOutcome.Upheld : ObjectionOutcome.Dismissed, answer.Trim(), Now))];
        foreach (var o in State.Objections.Where(o => answering.Contains(o.Id)))
            Raise(new ObjectionAnswered(Key, State.Title, o.Id, o.OrganizationId, o.Outcome!.Value, o.Answer!, State.UnionPath, Now), actor.UserId);
        State.OpenObjections = State.Objections.Count(o => o.Outcome is null);
        if (upheld)
        {
            // The proposal is withdrawn: the union reviews the evaluation (evaluators may revise their scores) and proposes again.
            var withdrawn = State.AwardedBidId!.Value;
            State.Status = ProjectStatus.Evaluating;
            State.AwardedBidId = null;
            State.AwardReason = null;
            State.AwardProposedAt = null;
            State.PublicityEndsAt = null;
            Raise(new AwardWithdrawn(Key, State.Title, withdrawn, State.UnionPath, Now), actor.UserId);
        }
        else if (State.Status == ProjectStatus.AwardProposed && State.OpenObjections == 0 && Now >= State.PublicityEndsAt)
        {
            // The last answer after the period ended makes the award final (its contract follows from ProjectAwarded).
            Conclude(actor.UserId);
        }
        return Task.CompletedTask;
    });

    public Task<AwardOutcome?> ConcludeAward() => Run(() => Task.FromResult(
        Exists && State.Status == ProjectStatus.AwardProposed && Now >= State.PublicityEndsAt && State.OpenObjections == 0 ? Conclude(null) : null));

    /// <summary>Makes the chosen award final: the contract's id is fixed here and the contract follows from <see cref="ProjectAwarded"/>.</summary>
    private AwardOutcome Conclude(Guid? actorId)
    {
        var bid = State.Bids.Single(b => b.Id == State.AwardedBidId);
        State.Status = ProjectStatus.Awarded;
        State.ContractId = Guid.CreateVersion7(Now);
        Raise(new ProjectAwarded(Key, State.Title, bid.Id, bid.OrganizationId, State.ContractId.Value, bid.AmountFen, State.UnionPath, State.AwardReason, Now), actorId);
        return new AwardOutcome(bid.Id, State.ContractId, State.PublicityEndsAt);
    }

    private EvaluatorAssignment RequireEvaluator(Actor actor)
    {
        // To anyone not assigned, the evaluation does not exist.
        if (actor.Role != Roles.Evaluator) throw RuleViolation.Forbidden("evaluation.evaluator_only", "Only an assigned evaluator scores bids.");
        var assignment = State.Evaluators.FirstOrDefault(e => e.EvaluatorId == actor.UserId) ?? throw RuleViolation.NotFound("project");
        if (assignment.ConflictDeclared)
            throw RuleViolation.Forbidden("evaluation.conflicted", "You declared a conflict of interest for this project.");
        return assignment;
    }

    private Bid? LiveBid(Guid organizationId) =>
        State.Bids.FirstOrDefault(b => b.OrganizationId == organizationId && b.Status == BidStatus.Submitted);

    private void RequireUnion(Actor actor)
    {
        if (!actor.CanActOnUnion(State.UnionPath))
            throw actor.Role == Roles.UnionAdmin
                ? RuleViolation.NotFound("project")
                : RuleViolation.Forbidden("project.union_only", "Only the project's union may do this.");
    }

    private static Guid RequireOrganization(Actor actor) =>
        actor is { Role: Roles.OrganizationMember, OrganizationId: { } id }
            ? id
            : throw RuleViolation.Forbidden("bid.organization_only", "Only an organization's member submits its bid.");

    private static Dictionary<string, string[]> Field(string field, string code) => new() { [field] = [code] };
}
