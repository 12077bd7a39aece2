using MassTransit;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Hosting;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Turns command messages into grain calls and answers <see cref="CommandAccepted"/> or <see cref="CommandRejected"/>.
/// The message id becomes the grain call's command id, so a redelivered command does not run twice.
/// </summary>
public sealed partial class ProcurementCommandConsumer(IGrainFactory grains, ILogger<ProcurementCommandConsumer> log) :
    IConsumer<RegisterOrganization>, IConsumer<ApproveOrganization>,
    IConsumer<CreateProject>, IConsumer<PublishProject>, IConsumer<SubmitBid>, IConsumer<WithdrawBid>, IConsumer<CloseBidding>,
    IConsumer<AssignEvaluators>, IConsumer<DeclareConflict>, IConsumer<ScoreBid>, IConsumer<AwardProject>,
    IConsumer<ReportMilestone>, IConsumer<VerifyMilestone>, IConsumer<ScoreReview>, IConsumer<SubmitRectification>,
    IConsumer<LiftRectification>, IConsumer<DecideTermination>
{
    public Task Consume(ConsumeContext<RegisterOrganization> c) =>
        Run(c, c.Message.OrganizationId, () => grains.GetGrain<IOrganizationGrain>(c.Message.OrganizationId).Register(c.Message.Registration, c.Message.Actor));

    public Task Consume(ConsumeContext<ApproveOrganization> c) =>
        Run(c, c.Message.OrganizationId, () => grains.GetGrain<IOrganizationGrain>(c.Message.OrganizationId).Approve(c.Message.Actor));

    public Task Consume(ConsumeContext<CreateProject> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).CreateDraft(c.Message.Draft, c.Message.Actor));

    public Task Consume(ConsumeContext<PublishProject> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).Publish(c.Message.Actor));

    public Task Consume(ConsumeContext<SubmitBid> c) =>
        Run(c, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).SubmitBid(c.Message.Bid, c.Message.Actor));

    public Task Consume(ConsumeContext<WithdrawBid> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).WithdrawBid(c.Message.BidId, c.Message.Actor));

    public Task Consume(ConsumeContext<CloseBidding> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).CloseBidding());

    public Task Consume(ConsumeContext<AssignEvaluators> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).AssignEvaluators(c.Message.EvaluatorIds, c.Message.Actor));

    public Task Consume(ConsumeContext<DeclareConflict> c) =>
        Run(c, c.Message.ProjectId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).DeclareConflict(c.Message.HasConflict, c.Message.Actor));

    public Task Consume(ConsumeContext<ScoreBid> c) =>
        Run(c, c.Message.BidId, () => grains.GetGrain<IProjectGrain>(c.Message.ProjectId).ScoreBid(c.Message.BidId, c.Message.Scores, c.Message.DeclareNoConflict, c.Message.Actor));

    /// <summary>The award and the contract are two grains; a redelivered command replays the first and finishes the second.</summary>
    public Task Consume(ConsumeContext<AwardProject> c) => Run(c, async () =>
    {
        var m = c.Message;
        var contractId = await grains.GetGrain<IProjectGrain>(m.ProjectId).Award(m.BidId, m.Reason, m.Actor);
        await grains.GetGrain<IContractGrain>(contractId).CreateFromAward(m.ProjectId, m.BidId);
        return contractId;
    });

    public Task Consume(ConsumeContext<ReportMilestone> c) =>
        Run(c, c.Message.MilestoneId, () => Contract(c.Message.ContractId).ReportMilestone(c.Message.MilestoneId, c.Message.Report, c.Message.Actor));

    public Task Consume(ConsumeContext<VerifyMilestone> c) =>
        Run(c, c.Message.MilestoneId, () => Contract(c.Message.ContractId).VerifyMilestone(c.Message.MilestoneId, c.Message.Accept, c.Message.Reason, c.Message.Actor));

    public Task Consume(ConsumeContext<ScoreReview> c) =>
        Run(c, c.Message.ReviewId, () => Contract(c.Message.ContractId).ScoreReview(c.Message.ReviewId, c.Message.Scores, c.Message.DeclareNoConflict, c.Message.Actor));

    public Task Consume(ConsumeContext<SubmitRectification> c) =>
        Run(c, c.Message.ContractId, () => Contract(c.Message.ContractId).SubmitRectification(c.Message.Report, c.Message.Actor));

    public Task Consume(ConsumeContext<LiftRectification> c) =>
        Run(c, c.Message.ContractId, () => Contract(c.Message.ContractId).LiftRectification(c.Message.Actor));

    public Task Consume(ConsumeContext<DecideTermination> c) =>
        Run(c, c.Message.ContractId, () => Contract(c.Message.ContractId).DecideTermination(c.Message.Terminate, c.Message.Reason, c.Message.Actor));

    private IContractGrain Contract(Guid id) => grains.GetGrain<IContractGrain>(id);

    private Task Run(ConsumeContext context, Guid id, Func<Task> call) =>
        Run(context, async () => { await call(); return id; });

    private async Task Run(ConsumeContext context, Func<Task<Guid>> call)
    {
        RequestContext.CommandId = context.MessageId;
        var command = context.SupportedMessageTypes.FirstOrDefault()?.Split(':')[^1] ?? "command";
        try
        {
            var id = await call();
            await context.RespondAsync(new CommandAccepted(id));
            LogCarriedOut(command, context.MessageId, "accepted");
        }
        catch (RuleViolation v)
        {
            await context.RespondAsync(new CommandRejected(v.Code, v.Message, v.Kind, v.Errors));
            LogCarriedOut(command, context.MessageId, v.Code);
        }
        catch (GrainBusyException e)
        {
            await context.RespondAsync(new CommandRejected("grain.busy", e.Message, ViolationKind.Conflict, new Dictionary<string, string[]>()));
            LogCarriedOut(command, context.MessageId, "grain.busy");
        }
        finally
        {
            RequestContext.CommandId = null;
        }
    }

    // One line per command on the Silo, the pair of the Web's "Command … answered" line: both carry the request's trace id.
    [LoggerMessage(Level = LogLevel.Information, Message = "Command {Command} {MessageId} carried out: {Outcome}")]
    private partial void LogCarriedOut(string command, Guid? messageId, string outcome);
}
