using Procurement.Contracts.Domain;
using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Tells the evaluators of new reviews. A quarter start opens thousands at once, so they arrive in batches
/// (<see cref="Register"/>) and each batch's notices are written in one transaction; the notices' dedup keys make a
/// batch delivered again change nothing.
/// </summary>
public sealed class ReviewNotices(Notifier notifier) : IConsumer<Batch<ReviewOpened>>
{
    /// <summary>Up to this many events a batch, gathered for at most <see cref="Gather"/>.</summary>
    public const int BatchSize = 100;

    public static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(200);

    public static void Register(IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<ReviewNotices>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(BatchSize).SetTimeLimit(Gather)))
            .Endpoint(e => e.PrefetchCount = BatchSize * 2);

    public Task Consume(ConsumeContext<Batch<ReviewOpened>> c) =>
        notifier.NotifyAsync(c.Message.SelectMany(m => m.Message.EvaluatorIds.Select(id => new Notice(id, NoticeKinds.ReviewOpened, m.Message.ReviewId.ToString("N"),
            $"{m.Message.Title} · {ChinaTime.QuarterName(m.Message.Quarter)}", $"/reviews/{m.Message.ReviewId}"))), c.CancellationToken);
}

/// <summary>
/// Tells the people an event concerns (<see cref="NoticeKinds"/>): organizations of their approval or its refusal, of new projects they
/// watch, of their bids' closing and result, of their contract's verifications, payments, grades and decisions; unions
/// of bids received (the count only: bids are sealed), closed biddings, reports to verify and contracts in trouble;
/// evaluators of their assignments. Each notice's dedup key makes an event delivered twice change nothing.
/// </summary>
public sealed class NotificationProjection(Notifier notifier) :
    IConsumer<OrganizationRegistered>, IConsumer<OrganizationResubmitted>, IConsumer<OrganizationApproved>, IConsumer<OrganizationRejected>, IConsumer<ProjectPublished>,
    IConsumer<ProjectAmended>, IConsumer<CallDocumentAdded>, IConsumer<ProjectCancelled>, IConsumer<BidSubmitted>, IConsumer<BiddingClosed>,
    IConsumer<EvaluatorsAssigned>, IConsumer<AwardProposed>, IConsumer<AwardWithdrawn>, IConsumer<ObjectionFiled>, IConsumer<ObjectionAnswered>,
    IConsumer<ProjectAwarded>, IConsumer<ContractAwarded>,
    IConsumer<MilestoneReported>, IConsumer<MilestoneVerified>, IConsumer<MilestoneRejected>, IConsumer<PaymentReleased>,
    IConsumer<ReviewCompleted>, IConsumer<RectificationRequired>, IConsumer<TerminationRecommended>, IConsumer<TerminationDecided>
{
    private static readonly string[] Grades = ["", "优秀", "良好", "合格", "不合格"];
    private static readonly string[] Outcomes = ["", "质疑成立", "质疑不成立", "因其他质疑成立，拟中标结果已撤销", "项目已终止"];

    public async Task Consume(ConsumeContext<OrganizationRegistered> c) =>
        await Notify(c, await notifier.ApplicationDecidersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.OrganizationApplied,
            $"{c.Message.Name}：提交了入驻申请，请审核", $"/organizations/{c.Message.OrganizationId}");

    public async Task Consume(ConsumeContext<OrganizationResubmitted> c) =>
        await Notify(c, await notifier.ApplicationDecidersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.OrganizationApplied,
            $"{c.Message.Name}：修改后重新提交了入驻申请，请审核", $"/organizations/{c.Message.OrganizationId}");

    public async Task Consume(ConsumeContext<OrganizationApproved> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.OrganizationApproved,
            $"{c.Message.Name}：已通过审核入库，可以投标", $"/organizations/{c.Message.OrganizationId}");

    public async Task Consume(ConsumeContext<OrganizationRejected> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.OrganizationRejected,
            $"{c.Message.Name}：申请被退回：{c.Message.Reason}", $"/organizations/{c.Message.OrganizationId}");

    public async Task Consume(ConsumeContext<ProjectPublished> c) =>
        await Notify(c, await notifier.ProjectWatchersAsync(c.Message.ProjectId, c.CancellationToken), NoticeKinds.ProjectPublished,
            $"{c.Message.Title}（投标截止 {c.Message.BidClosesAt.ToChinaString()}）", $"/projects/{c.Message.ProjectId}");

    public async Task Consume(ConsumeContext<ProjectAmended> c) =>
        await Notify(c, await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken), NoticeKinds.ProjectAmended,
            $"{c.Message.Title}：更正公告：{c.Message.Note}", $"/projects/{c.Message.ProjectId}");

    // A call document added or replaced after publication is part of the call: bidders are told, like of an amendment.
    public async Task Consume(ConsumeContext<CallDocumentAdded> c)
    {
        if (!c.Message.Published) return;
        await Notify(c, await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken), NoticeKinds.ProjectAmended,
            $"{c.Message.Title}：招标文件「{c.Message.FileName}」第 {c.Message.Version} 版", $"/projects/{c.Message.ProjectId}");
    }

    // Its bids bind nobody any more: bidders and evaluators alike are told why.
    public async Task Consume(ConsumeContext<ProjectCancelled> c)
    {
        var people = await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken);
        people.AddRange(await notifier.EvaluatorsAsync(c.Message.ProjectId, c.CancellationToken));
        await Notify(c, people, NoticeKinds.ProjectCancelled, $"{c.Message.Title}：项目已终止：{c.Message.Reason}", $"/projects/{c.Message.ProjectId}");
    }

    // Bids are sealed: the union hears that the count changed, never who bid.
    public async Task Consume(ConsumeContext<BidSubmitted> c) =>
        await Notify(c, await notifier.UnionAdminsAsync(c.Message.UnionPath, c.CancellationToken), NoticeKinds.BidReceived,
            $"{c.Message.Title}：已收到 {c.Message.BidCount} 份投标", $"/projects/{c.Message.ProjectId}");

    public async Task Consume(ConsumeContext<BiddingClosed> c)
    {
        var people = await notifier.UnionAdminsAsync(c.Message.UnionPath, c.CancellationToken);
        people.AddRange(await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken));
        await Notify(c, people, NoticeKinds.BiddingClosed,
            $"{c.Message.Title}：投标已截止，共 {c.Message.BidCount} 份投标{(c.Message.NoAward ? "，本项目流标" : "")}", $"/projects/{c.Message.ProjectId}");
    }

    public Task Consume(ConsumeContext<EvaluatorsAssigned> c) =>
        // Keyed by the project, not the message: an evaluator kept in a new assignment is not told twice.
        notifier.NotifyAsync(c.Message.EvaluatorIds, NoticeKinds.EvaluatorsAssigned, c.Message.ProjectId.ToString("N"),
            c.Message.Title, $"/projects/{c.Message.ProjectId}/evaluate", c.CancellationToken);

    // Every bidder, the proposed winner too, hears that the award is published and until when objections are heard.
    public async Task Consume(ConsumeContext<AwardProposed> c) =>
        await Notify(c, await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken), NoticeKinds.AwardProposed,
            $"{c.Message.Title}：中标结果公示至 {c.Message.PublicityEndsAt.ToChinaEndString()}", $"/projects/{c.Message.ProjectId}");

    public async Task Consume(ConsumeContext<AwardWithdrawn> c) =>
        await Notify(c, await notifier.BiddersAsync(c.Message.ProjectId, except: null, c.CancellationToken), NoticeKinds.AwardWithdrawn,
            $"{c.Message.Title}：质疑成立，拟中标结果已撤销，项目重新评审", $"/projects/{c.Message.ProjectId}");

    public async Task Consume(ConsumeContext<ObjectionFiled> c) =>
        await Notify(c, await notifier.UnionAdminsAsync(c.Message.UnionPath, c.CancellationToken), NoticeKinds.ObjectionFiled,
            $"{c.Message.Title}：收到对中标结果的质疑", $"/projects/{c.Message.ProjectId}/objections");

    public async Task Consume(ConsumeContext<ObjectionAnswered> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.ObjectionAnswered,
            $"{c.Message.Title}：{Outcomes[(int)c.Message.Outcome]}：{c.Message.Answer}", $"/projects/{c.Message.ProjectId}/objections");

    // The winner hears of its contract (ContractAwarded); every other bidder of the result.
    public async Task Consume(ConsumeContext<ProjectAwarded> c) =>
        await Notify(c, await notifier.BiddersAsync(c.Message.ProjectId, except: c.Message.OrganizationId, c.CancellationToken), NoticeKinds.AwardResult,
            $"{c.Message.Title}：已确定中标单位", $"/projects/{c.Message.ProjectId}");

    public async Task Consume(ConsumeContext<ContractAwarded> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.ContractSigned,
            $"{c.Message.Title}：中标金额 {new Money(c.Message.AmountFen)}", $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<MilestoneReported> c) =>
        await Notify(c, await notifier.UnionAdminsAsync(c.Message.UnionPath, c.CancellationToken), NoticeKinds.MilestoneReported,
            $"{c.Message.Title} · {c.Message.Deliverable}", $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<MilestoneVerified> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.MilestoneVerified,
            $"{c.Message.Title} · {c.Message.Deliverable}", $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<MilestoneRejected> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.MilestoneRejected,
            $"{c.Message.Title} · {c.Message.Deliverable}：{c.Message.Reason}", $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<PaymentReleased> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.PaymentReleased,
            $"{(c.Message.Title is { } title ? title + "：" : "")}已拨付 {new Money(c.Message.AmountFen)}（累计 {new Money(c.Message.TotalPaidFen)}）", $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<ReviewCompleted> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.ReviewGraded,
            $"{c.Message.Title} · {ChinaTime.QuarterName(c.Message.Quarter)}：{(c.Message.Grade is { } g ? Grades[(int)g] : "无人评分")}",
            $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<RectificationRequired> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.RectificationRequired,
            c.Message.Title, $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<TerminationRecommended> c) =>
        await Notify(c, await notifier.UnionAdminsAsync(c.Message.UnionPath, c.CancellationToken), NoticeKinds.TerminationRecommended,
            c.Message.Title, $"/contracts/{c.Message.ContractId}");

    public async Task Consume(ConsumeContext<TerminationDecided> c) =>
        await Notify(c, await notifier.OrganizationMembersAsync(c.Message.OrganizationId, c.CancellationToken), NoticeKinds.TerminationDecided,
            c.Message.Terminated ? $"合同已终止：{c.Message.Reason}" : "终止建议未被采纳，合同继续执行", $"/contracts/{c.Message.ContractId}");

    /// <summary>One notice per person for this message (its id is the subject key).</summary>
    private Task Notify(ConsumeContext c, IEnumerable<Guid> people, string kind, string title, string link) =>
        notifier.NotifyAsync(people.Distinct(), kind, c.MessageId!.Value.ToString("N"), title, link, c.CancellationToken);
}
