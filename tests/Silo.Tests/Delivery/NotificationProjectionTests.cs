using Procurement.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
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
}
