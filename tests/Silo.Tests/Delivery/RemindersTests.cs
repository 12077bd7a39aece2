using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Silo.Scheduling;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>
/// Reminders reach the organization's members for milestones due within 7 days or overdue, and evaluators for reviews
/// they have not scored 3 days before the deadline, in the portal and by e-mail, each once however often the job runs.
/// </summary>
public sealed partial class RemindersTests
{
    // 04:00 CST on 11 November while it is still the 10th in UTC: "today" is the 11th, in China time.
    private static readonly DateTimeOffset Now = new(2026, 11, 10, 20, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 11);

    private static async Task<int> SendAsync(DeliveryWorld world)
    {
        await using var scope = world.Node.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<RemindersJob>(scope.ServiceProvider).SendAsync(TestContext.Current.CancellationToken);
    }

    private static Task<List<Notification>> NotificationsAsync(DeliveryWorld world) => world.Node.DbAsync(db =>
        db.Notifications.AsNoTracking().OrderBy(n => n.Kind).ThenBy(n => n.UserId).ToListAsync(TestContext.Current.CancellationToken));

    private static string[] Mails(DeliveryWorld world) =>
        Directory.Exists(world.MailFolder) ? Directory.GetFiles(world.MailFolder, "*.eml") : [];

    private static string SubjectOf(string eml)
    {
        var encoded = SubjectLine().Match(eml).Groups[1].Value;
        return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
    }

    [GeneratedRegex(@"^Subject: =\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=\r?$", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    [Fact]
    public async Task Members_are_reminded_once_of_each_milestone_due_within_a_week_or_overdue()
    {
        await using var world = await DeliveryWorld.StartAsync(Now);
        var contractId = await world.InsertContractAsync(ContractStatus.Active, new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero),
            (Today.AddDays(-1), MilestoneStatus.Planned), // overdue: yesterday in China, though today in UTC
            (Today.AddDays(7), MilestoneStatus.Planned), // due: the last day of the week ahead
            (Today.AddDays(8), MilestoneStatus.Planned), // not yet
            (Today.AddDays(2), MilestoneStatus.Reported)); // reported: nothing to remind of
        await world.InsertContractAsync(ContractStatus.Terminated, new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero), (Today.AddDays(1), MilestoneStatus.Planned));
        var milestones = (await world.LoadAsync(contractId)).Milestones;

        var sent = await SendAsync(world);

        var notifications = await NotificationsAsync(world);
        Assert.Equal(4, sent);
        Assert.Equal(4, notifications.Count); // 2 members × 2 milestones
        var members = world.Members.Select(m => m.UserId).Order().ToList();
        var overdue = notifications.Where(n => n.Kind == "milestone-overdue").ToList();
        var due = notifications.Where(n => n.Kind == "milestone-due").ToList();
        Assert.Equal(members, overdue.Select(n => n.UserId).Order());
        Assert.Equal(members, due.Select(n => n.UserId).Order());
        Assert.All(overdue, n => Assert.Contains(milestones[0].Id.ToString("N"), n.DedupKey, StringComparison.Ordinal));
        Assert.All(due, n => Assert.Contains(milestones[1].Id.ToString("N"), n.DedupKey, StringComparison.Ordinal));
        Assert.All(notifications, n => Assert.Equal($"/contracts/{contractId}", n.Link));
        Assert.All(notifications, n => Assert.Equal(Now, n.CreatedAt));

        var mails = Mails(world).Select(File.ReadAllText).ToList();
        Assert.Equal(4, mails.Count);
        var emails = await world.Node.DbAsync(db => db.Users.Where(u => u.OrganizationId == world.OrganizationId).Select(u => u.Email!).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(emails.Order(), mails.Select(m => Regex.Match(m, "^To: (.+?)\r?$", RegexOptions.Multiline).Groups[1].Value).Distinct().Order());
        Assert.Equal(2, mails.Count(m => SubjectOf(m).StartsWith("里程碑已逾期", StringComparison.Ordinal)));
        Assert.Equal(2, mails.Count(m => SubjectOf(m).StartsWith("里程碑即将到期", StringComparison.Ordinal)));

        // The next hourly run sends nothing new.
        Assert.Equal(0, await SendAsync(world));
        Assert.Equal(4, (await NotificationsAsync(world)).Count);
        Assert.Equal(4, Mails(world).Length);

        // A day later only the milestone that entered the week ahead is new.
        world.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(2, await SendAsync(world));
        var later = await NotificationsAsync(world);
        Assert.Equal(6, later.Count);
        Assert.Equal(2, later.Count(n => n.DedupKey.Contains(milestones[2].Id.ToString("N"), StringComparison.Ordinal)));
        Assert.Equal(6, Mails(world).Length);
    }

    [Fact]
    public async Task An_evaluator_who_has_not_scored_is_reminded_once_three_days_before_the_review_closes()
    {
        await using var world = await DeliveryWorld.StartAsync(Now, evaluators: 3);
        var (pending, scored, later) = (world.Evaluators[0].UserId, world.Evaluators[1].UserId, world.Evaluators[2].UserId);
        var contractId = await world.InsertContractAsync(ContractStatus.Active, new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero));
        var reviewId = Guid.NewGuid();
        await world.Node.DbAsync(db =>
        {
            db.QuarterlyReviews.AddRange(
                new QuarterlyReview
                {
                    Id = reviewId, ContractId = contractId, Quarter = "2026Q3", OpenedAt = Now.AddDays(-18), DueAt = Now.AddDays(3),
                    Status = ReviewStatus.Open, Weights = [30, 30, 20, 10, 10],
                    Evaluators =
                    [
                        new ReviewEvaluator { ReviewId = reviewId, EvaluatorId = pending },
                        new ReviewEvaluator { ReviewId = reviewId, EvaluatorId = scored, DeclaredNoConflictAt = Now.AddDays(-2), Scores = [80, 80, 80, 80, 80], TotalCentipoints = 8000, ScoredAt = Now.AddDays(-2) },
                    ],
                },
                new QuarterlyReview
                {
                    // Closes three days and a minute from now: not yet.
                    Id = Guid.NewGuid(), ContractId = contractId, Quarter = "2026Q4", OpenedAt = Now, DueAt = Now.AddDays(3).AddMinutes(1),
                    Status = ReviewStatus.Open, Weights = [30, 30, 20, 10, 10],
                    Evaluators = [new ReviewEvaluator { EvaluatorId = later }],
                });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        var sent = await SendAsync(world);

        var reminder = Assert.Single(await NotificationsAsync(world));
        Assert.Equal(1, sent);
        Assert.Equal(("review-due", pending, $"/reviews/{reviewId}"), (reminder.Kind, reminder.UserId, reminder.Link));
        var mail = File.ReadAllText(Assert.Single(Mails(world)));
        Assert.StartsWith("季度评估即将截止", SubjectOf(mail), StringComparison.Ordinal);

        Assert.Equal(0, await SendAsync(world));
        Assert.Single(await NotificationsAsync(world));
        Assert.Single(Mails(world));
    }

    [Fact]
    public async Task A_reminder_fits_the_notification_title_column_with_the_longest_contract_title_and_deliverable()
    {
        await using var world = await DeliveryWorld.StartAsync(Now);
        var titleColumn = await world.Node.DbAsync(db => Task.FromResult(db.Model.FindEntityType(typeof(Notification))!.FindProperty(nameof(Notification.Title))!.GetMaxLength()));
        var contractId = await world.InsertContractAsync(ContractStatus.Active, new DateTimeOffset(2026, 6, 1, 2, 0, 0, TimeSpan.Zero), (Today.AddDays(3), MilestoneStatus.Planned));
        // The longest the rules allow: a project title of 200 characters, a deliverable of 500.
        await world.Node.DbAsync(async db =>
        {
            await db.Contracts.Where(c => c.Id == contractId).ExecuteUpdateAsync(c => c.SetProperty(x => x.Title, new string('职', 200)), TestContext.Current.CancellationToken);
            await db.Milestones.Where(m => m.ContractId == contractId).ExecuteUpdateAsync(m => m.SetProperty(x => x.Deliverable, new string('项', 500)), TestContext.Current.CancellationToken);
        });

        Assert.Equal(2, await SendAsync(world));

        // SQLite stores an over-long text anyway; PostgreSQL (varchar(300)) refuses the row, Notifier takes the
        // DbUpdateException for "sent by another node", and the members are never reminded, silently, every hour.
        Assert.All(await NotificationsAsync(world), n => Assert.True(n.Title.Length <= titleColumn, $"a title of {n.Title.Length} characters does not fit varchar({titleColumn})"));
    }
}
