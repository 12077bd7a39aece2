using Procurement.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Contracts.Messages;
using Procurement.Silo.Notifications;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>Delivery events reach, through the outbox and the bus, the people they concern as portal notifications.</summary>
public sealed class NotificationProjectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);

    private static MilestoneReport Report() => new(120, 6, 250_000_00, "开展团体辅导 6 场。", []);

    private static Task<List<Notification>> OfKindAsync(DeliveryWorld world, string kind) => world.Node.DbAsync(db =>
        db.Notifications.AsNoTracking().Where(n => n.Kind == kind).ToListAsync(TestContext.Current.CancellationToken));

    private static async Task<List<Notification>> AwaitKindAsync(DeliveryWorld world, string kind, int count)
    {
        Assert.True(await Poll.UntilAsync(async () => (await OfKindAsync(world, kind)).Count >= count), $"no {kind} notification arrived");
        return await OfKindAsync(world, kind);
    }

    [Fact]
    public async Task Reports_rejections_new_reviews_and_rectifications_notify_the_people_concerned()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 2, dispatch: true);
        var contract = await world.AwardContractAsync();
        var grain = world.ContractGrain(contract.Id);
        var members = world.Members.Select(m => m.UserId).Order().ToList();

        await grain.ReportMilestone(contract.Milestones[0], Report(), world.Members[0]);
        var reported = await AwaitKindAsync(world, "milestone-reported", 1);
        Assert.Equal(world.Admin.UserId, Assert.Single(reported).UserId); // the contract's union verifies

        await grain.VerifyMilestone(contract.Milestones[0], accept: false, "签到表缺少日期，请补充。", world.Admin);
        var rejected = await AwaitKindAsync(world, "milestone-rejected", 2);
        Assert.Equal(members, rejected.Select(n => n.UserId).Order());
        Assert.All(rejected, n => Assert.Contains("签到表缺少日期", n.Title, StringComparison.Ordinal));

        world.Clock.Advance(TimeSpan.FromHours(1));
        var now = world.Clock.GetUtcNow();
        Assert.True(await grain.OpenReview("2026Q4", now, now + TimeSpan.FromDays(1)));
        var opened = await AwaitKindAsync(world, "review-opened", 2);
        Assert.Equal(contract.Evaluators.Select(e => e.UserId).Order(), opened.Select(n => n.UserId).Order());
        // The quarter is written as people read it, not as the code that keys it.
        Assert.All(opened, n => Assert.EndsWith(" · 2026年第四季度", n.Title, StringComparison.Ordinal));

        var reviewId = (await world.LoadAsync(contract.Id)).Reviews.Single().Id;
        foreach (var evaluator in contract.Evaluators)
            await grain.ScoreReview(reviewId, new ReviewScoresInput(50, 50, 50, 50, 50), declareNoConflict: true, evaluator);
        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(await grain.CloseReview(reviewId));
        var rectification = await AwaitKindAsync(world, "rectification-required", 2);
        Assert.Equal(members, rectification.Select(n => n.UserId).Order());

        // Nobody outside the contract heard of any of it.
        Assert.Empty(await world.Node.DbAsync(db => db.Notifications.Where(n => n.UserId == world.Outsider.UserId).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task A_rejection_notice_fits_the_notification_title_column_however_long_the_reason()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, dispatch: true);
        var titleColumn = await world.Node.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Notification))!.FindProperty(nameof(Notification.Title))!.GetMaxLength()));
        Assert.Equal(300, titleColumn);
        var contract = await world.AwardContractAsync();
        var grain = world.ContractGrain(contract.Id);
        await grain.ReportMilestone(contract.Milestones[0], Report(), world.Members[0]);

        // The longest reason the rule allows (2000 characters).
        await grain.VerifyMilestone(contract.Milestones[0], accept: false, new string('缺', 2000), world.Admin);

        // SQLite stores an over-long text anyway; PostgreSQL (varchar(300)) refuses the row, and Notifier's catch of
        // DbUpdateException takes that for "sent by another node": the organization is never told.
        var rejected = await AwaitKindAsync(world, "milestone-rejected", 2);
        Assert.All(rejected, n => Assert.True(n.Title.Length <= titleColumn, $"a title of {n.Title.Length} characters does not fit varchar({titleColumn})"));
    }

    [Fact]
    public async Task Reviews_opened_together_notify_each_evaluator_of_each_review_once()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 2, dispatch: true);
        var contracts = new List<AwardedContract>();
        for (var i = 0; i < 3; i++) contracts.Add(await world.AwardContractAsync());
        world.Clock.Advance(TimeSpan.FromHours(1));
        var now = world.Clock.GetUtcNow();

        // Opened at once, as the quarter-end job does.
        var opened = await Task.WhenAll(contracts.Select(c => world.ContractGrain(c.Id).OpenReview("2026Q4", now, now + TimeSpan.FromDays(1))));
        Assert.All(opened, Assert.True);

        var expected = contracts.Sum(c => c.Evaluators.Count);
        var notices = await AwaitKindAsync(world, "review-opened", expected);
        Assert.Equal(expected, notices.Count);
        Assert.Equal(expected, notices.Select(n => (n.UserId, n.Link)).Distinct().Count());
        var reviews = await world.Node.DbAsync(db => db.QuarterlyReviews.Select(r => r.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(reviews.Select(id => $"/reviews/{id}").Order(), notices.Select(n => n.Link).Distinct().Order());
    }

    [Fact]
    public async Task A_batch_of_notices_writes_only_those_not_sent_before_and_mails_each_new_one()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 3, dispatch: false);
        var evaluators = world.Evaluators.Select(e => e.UserId).ToList();
        Notice For(Guid user, string subject) => new(user, "review-due", subject, "第四季度评估 · " + subject, "/reviews/" + subject);
        Task<int> Notify(params Notice[] notices) => world.Node.DbAsync(async db =>
            await ActivatorUtilities.CreateInstance<Notifier>(world.Node.Services, db).NotifyAsync(notices, TestContext.Current.CancellationToken));
        var mails = () => Directory.Exists(world.MailFolder) ? Directory.GetFiles(world.MailFolder, "*.eml").Length : 0;

        Assert.Equal(1, await Notify(For(evaluators[0], "a")));
        // The same notice again, twice within the batch, beside two new ones: only the new ones are written and mailed.
        Assert.Equal(2, await Notify(For(evaluators[0], "a"), For(evaluators[1], "a"), For(evaluators[1], "a"), For(evaluators[2], "b")));

        var rows = await OfKindAsync(world, "review-due");
        Assert.Equal(3, rows.Count);
        Assert.Equal(3, rows.Select(r => r.DedupKey).Distinct().Count());
        Assert.Equal(3, mails());
        Assert.Equal(0, await Notify(For(evaluators[0], "a"), For(evaluators[2], "b")));
        Assert.Equal(3, mails());
    }

    [Fact]
    public async Task A_procurement_tells_the_union_the_bid_count_only_the_bidders_the_close_and_result_and_the_winner_its_contract_and_payments()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 1, dispatch: true);
        var ct = TestContext.Current.CancellationToken;
        var members = world.Members.Select(m => m.UserId).Order().ToList();
        var draft = Seed.Project(world.Union.Id, world.Clock.GetUtcNow());
        var projectId = Guid.NewGuid();
        var project = world.Node.Grains.GetGrain<IProjectGrain>(projectId);
        await project.CreateDraft(draft, world.Admin);
        await project.Publish(world.Admin);
        var winning = await project.SubmitBid(Seed.Bid(draft), world.Members[0]);
        await project.SubmitBid(Seed.Bid(draft, 700_000_00), world.Outsider);

        // Sealed: the union hears the count, and nothing names the bidder.
        var received = await AwaitKindAsync(world, NoticeKinds.BidReceived, 2);
        Assert.All(received, n => Assert.Equal(world.Admin.UserId, n.UserId));
        Assert.Equal(["2026年职工心理健康服务项目：已收到 1 份投标", "2026年职工心理健康服务项目：已收到 2 份投标"], received.Select(n => n.Title).Order());
        var organizationNames = await world.Node.DbAsync(db => db.Organizations.Select(o => o.Name).ToListAsync(ct));
        Assert.All(received, n => Assert.DoesNotContain(organizationNames, name => n.Title.Contains(name, StringComparison.Ordinal)));

        await project.AssignEvaluators([world.Evaluators[0].UserId], world.Admin);
        var assigned = Assert.Single(await AwaitKindAsync(world, NoticeKinds.EvaluatorsAssigned, 1));
        Assert.Equal((world.Evaluators[0].UserId, $"/projects/{projectId}/evaluate"), (assigned.UserId, assigned.Link));

        world.MoveTo(draft.BidClosesAt.AddMinutes(1));
        Assert.True(await project.CloseBidding());
        var closed = await AwaitKindAsync(world, NoticeKinds.BiddingClosed, 4);
        Assert.Equal(new[] { world.Admin.UserId, world.Outsider.UserId }.Concat(members).Order(), closed.Select(n => n.UserId).Order());
        Assert.All(closed, n => Assert.EndsWith("共 2 份投标", n.Title, StringComparison.Ordinal));

        await project.ScoreBid(winning, [new CriterionScoreInput("服务方案", 85), new CriterionScoreInput("报价", 90)], declareNoConflict: true, world.Evaluators[0]);
        var bids = await world.Node.DbAsync(db => db.Bids.Where(b => b.ProjectId == projectId && b.Id != winning).Select(b => b.Id).ToListAsync(ct));
        await project.ScoreBid(Assert.Single(bids), [new CriterionScoreInput("服务方案", 60), new CriterionScoreInput("报价", 70)], declareNoConflict: true, world.Evaluators[0]);
        var contractId = (await world.Node.Grains.AwardAsync(projectId, winning, null, world.Admin)).ContractId!.Value;

        var signed = await AwaitKindAsync(world, NoticeKinds.ContractSigned, 2);
        Assert.Equal(members, signed.Select(n => n.UserId).Order());
        Assert.All(signed, n => Assert.Equal(($"/contracts/{contractId}", "2026年职工心理健康服务项目：中标金额 ¥900,000.00"), (n.Link, n.Title)));
        var result = Assert.Single(await AwaitKindAsync(world, NoticeKinds.AwardResult, 1));
        Assert.Equal(world.Outsider.UserId, result.UserId); // the loser hears the result; the winner is not told twice

        var grain = world.ContractGrain(contractId);
        var first = (await world.LoadAsync(contractId)).Milestones.OrderBy(m => m.Sequence).First();
        await grain.ReportMilestone(first.Id, Report(), world.Members[0]);
        await grain.VerifyMilestone(first.Id, accept: true, null, world.Admin);
        Assert.Equal(members, (await AwaitKindAsync(world, NoticeKinds.MilestoneVerified, 2)).Select(n => n.UserId).Order());
        var paid = await AwaitKindAsync(world, NoticeKinds.PaymentReleased, 2);
        Assert.All(paid, n => Assert.Equal("2026年职工心理健康服务项目：已拨付 ¥450,000.00（累计 ¥450,000.00）", n.Title));
    }

    [Fact]
    public async Task A_new_project_reaches_only_members_of_approved_organizations_who_watch_its_category_and_region()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, dispatch: true);
        var ct = TestContext.Current.CancellationToken;
        var (watcher, otherCategory, otherRegion, anything) = (world.Members[0].UserId, world.Members[1].UserId, world.Outsider.UserId, world.Admin.UserId);
        await world.Node.DbAsync(db =>
        {
            db.NoticeSettings.AddRange(
                new NoticeSettings { UserId = watcher, WatchProjects = true, WatchCategories = ["职工心理关爱"], WatchRegions = ["道里区", "南岗区"] },
                new NoticeSettings { UserId = otherCategory, WatchProjects = true, WatchCategories = ["法律援助"] },
                new NoticeSettings { UserId = otherRegion, WatchProjects = true, WatchRegions = ["香坊区"] },
                // A union admin cannot watch (no organization): the setting alone sends nothing.
                new NoticeSettings { UserId = anything, WatchProjects = true });
            return db.SaveChangesAsync(ct);
        });

        var (projectId, draft) = await Seed.PublishedProjectAsync(world.Node, world.Union, world.Clock.GetUtcNow());

        var notice = Assert.Single(await AwaitKindAsync(world, NoticeKinds.ProjectPublished, 1));
        Assert.Equal((watcher, $"/projects/{projectId}"), (notice.UserId, notice.Link));
        Assert.Equal($"{draft.Title}（投标截止 {draft.BidClosesAt.ToChinaString()}）", notice.Title);
        await Task.Delay(300, ct); // nobody else is told a little later either
        Assert.Single(await OfKindAsync(world, NoticeKinds.ProjectPublished));
    }

    [Fact]
    public async Task E_mail_skips_the_kinds_a_person_turned_off_and_links_to_the_configured_portal_address()
    {
        await using var world = await DeliveryWorld.StartAsync(Start, evaluators: 2, dispatch: false);
        var ct = TestContext.Current.CancellationToken;
        var (keeps, quiet) = (world.Evaluators[0].UserId, world.Evaluators[1].UserId);
        await world.Node.DbAsync(db =>
        {
            db.NoticeSettings.Add(new NoticeSettings { UserId = quiet, EmailOff = [NoticeKinds.ReviewDue] });
            return db.SaveChangesAsync(ct);
        });

        var written = await world.Node.DbAsync(db => ActivatorUtilities.CreateInstance<Notifier>(world.Node.Services, db).NotifyAsync(
            [keeps, quiet], NoticeKinds.ReviewDue, "q4", "第四季度评估即将截止", "/reviews/q4", ct));

        Assert.Equal(2, written); // both see it in the portal
        var mail = Assert.Single(Directory.GetFiles(world.MailFolder, "*.eml"));
        var text = await File.ReadAllTextAsync(mail, ct);
        var keeperEmail = await world.Node.DbAsync(db => db.Users.Where(u => u.Id == keeps).Select(u => u.Email).SingleAsync(ct));
        Assert.Contains($"To: {keeperEmail}", text, StringComparison.Ordinal);
        Assert.Contains($"\n{DeliveryWorld.PublicBaseUrl}/reviews/q4\n", text.Replace("\r\n", "\n"), StringComparison.Ordinal);
        Assert.Contains($"{DeliveryWorld.PublicBaseUrl}/notifications/settings", text, StringComparison.Ordinal);
    }
}
