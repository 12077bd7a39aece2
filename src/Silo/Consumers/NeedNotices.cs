using MassTransit;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;
using Procurement.Storage;

namespace Procurement.Silo.Consumers;

/// <summary>
/// Closes the workers' loop (职工点菜): the union hears of a new need; the worker who posted it hears the union's decision;
/// the worker and everyone who said "我也需要" hear the union's answers and, once a project takes the need up, its
/// publication, award and every verified milestone. Dedup keys make an event delivered twice change nothing.
/// </summary>
public sealed class NeedNotices(Notifier notifier, ProcurementDb db) :
    IConsumer<NeedPosted>, IConsumer<NeedAccepted>, IConsumer<NeedDeclined>, IConsumer<NeedMerged>, IConsumer<NeedAnswered>,
    IConsumer<NeedLinkedToProject>, IConsumer<ProjectPublished>, IConsumer<ProjectAwarded>, IConsumer<MilestoneVerified>
{
    private static readonly Dictionary<NeedStatus, string> Answers = new()
    {
        [NeedStatus.Planned] = "已列入计划", [NeedStatus.InProgress] = "正在办理", [NeedStatus.NotFeasible] = "暂不具备条件",
    };

    public async Task Consume(ConsumeContext<NeedPosted> c) =>
        await Notify(c, await NearestUnionAdminsAsync(c.Message.UnionPath, c.CancellationToken), NoticeKinds.NeedPosted,
            $"{c.Message.Title}：职工提交了新的{c.Message.Category}需求，请受理", c.Message.NeedId);

    public Task Consume(ConsumeContext<NeedAccepted> c) =>
        Notify(c, [c.Message.AuthorId], NoticeKinds.NeedDecided, $"{c.Message.Title}：需求已受理并公开", c.Message.NeedId);

    public Task Consume(ConsumeContext<NeedDeclined> c) =>
        Notify(c, [c.Message.AuthorId], NoticeKinds.NeedDecided, $"{c.Message.Title}：需求未予受理：{c.Message.Reason}", c.Message.NeedId);

    public Task Consume(ConsumeContext<NeedMerged> c) =>
        Notify(c, [c.Message.AuthorId], NoticeKinds.NeedDecided, $"{c.Message.Title}：已并入相同的需求，您已自动表示“我也需要”", c.Message.IntoId);

    public async Task Consume(ConsumeContext<NeedAnswered> c) =>
        await Notify(c, await FollowersAsync(db.Needs.Where(n => n.Id == c.Message.NeedId), c.CancellationToken), NoticeKinds.NeedProgress,
            $"{c.Message.Title}：{Answers.GetValueOrDefault(c.Message.Status)}：{c.Message.Answer}", c.Message.NeedId);

    public async Task Consume(ConsumeContext<NeedLinkedToProject> c) =>
        await Notify(c, await FollowersAsync(db.Needs.Where(n => n.Id == c.Message.NeedId), c.CancellationToken), NoticeKinds.NeedProgress,
            $"{c.Message.Title}：工会已据此需求立项", c.Message.NeedId);

    public Task Consume(ConsumeContext<ProjectPublished> c) => ProjectProgress(c, c.Message.ProjectId, $"{c.Message.Title}：项目已发布招标");

    public Task Consume(ConsumeContext<ProjectAwarded> c) => ProjectProgress(c, c.Message.ProjectId, $"{c.Message.Title}：项目已确定服务机构");

    public async Task Consume(ConsumeContext<MilestoneVerified> c)
    {
        var projectId = await db.Contracts.Where(k => k.Id == c.Message.ContractId).Select(k => k.ProjectId).FirstOrDefaultAsync(c.CancellationToken);
        await ProjectProgress(c, projectId, $"{c.Message.Title}：阶段成果“{c.Message.Deliverable}”已验收");
    }

    /// <summary>Tells the followers of every need a project took up, each linking to its need (which shows the project's progress).</summary>
    private async Task ProjectProgress(ConsumeContext c, Guid projectId, string title)
    {
        var needs = await db.Needs.AsNoTracking().Where(n => n.ProjectId == projectId).Select(n => n.Id).ToListAsync(c.CancellationToken);
        foreach (var needId in needs)
            await Notify(c, await FollowersAsync(db.Needs.Where(n => n.Id == needId), c.CancellationToken), NoticeKinds.NeedProgress, title, needId);
    }

    /// <summary>The workers who posted the needs and those who support them.</summary>
    private async Task<List<Guid>> FollowersAsync(IQueryable<Storage.Entities.Need> needs, CancellationToken ct) =>
        [.. await needs.Select(n => n.AuthorId).ToListAsync(ct),
            .. await db.NeedSupports.Where(s => needs.Any(n => n.Id == s.NeedId)).Select(s => s.UserId).ToListAsync(ct)];

    /// <summary>The admins of the need's union, or of the nearest union above it that has any (a street union may have no account).</summary>
    private async Task<List<Guid>> NearestUnionAdminsAsync(string unionPath, CancellationToken ct)
    {
        var ids = unionPath.Trim('/').Split('/').Select(s => Guid.ParseExact(s, "N")).ToList();
        var admins = await db.Users.Where(u => u.UnionId != null && ids.Contains(u.UnionId.Value)).Select(u => new { u.Id, Union = u.UnionId!.Value }).ToListAsync(ct);
        return [.. admins.GroupBy(a => a.Union).OrderByDescending(g => ids.IndexOf(g.Key)).FirstOrDefault()?.Select(a => a.Id) ?? []];
    }

    private Task Notify(ConsumeContext c, IEnumerable<Guid> people, string kind, string title, Guid needId) =>
        notifier.NotifyAsync(people.Distinct(), kind, c.MessageId!.Value.ToString("N") + needId.ToString("N"), title, $"/needs/{needId}", c.CancellationToken);
}
