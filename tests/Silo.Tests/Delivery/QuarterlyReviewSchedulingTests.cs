using Procurement.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Contracts;
using Procurement.Silo.Scheduling;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;
using Hangfire;
using Microsoft.Extensions.Configuration;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>
/// The quarterly job opens the review of the quarter just ended (China time) for every contract active in it, once
/// however often it runs, and a node that starts after a missed quarter start runs it by itself.
/// </summary>
public sealed class QuarterlyReviewSchedulingTests
{
    private static DateTimeOffset China(int year, int month, int day, int hour = 0, int minute = 0, int second = 0) =>
        new DateTimeOffset(year, month, day, hour, minute, second, ChinaTime.Offset).ToUniversalTime();

    /// <summary>When the quarter-start trigger fires for the fourth quarter of 2026: 00:05 CST on 1 January 2027.</summary>
    private static readonly DateTimeOffset Q1Starts = China(2027, 1, 1, 0, 5);

    private static readonly DateTimeOffset Q4Ends = China(2027, 1, 1);

    private static async Task<int> OpenDueAsync(SiloNode node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await ActivatorUtilities.CreateInstance<OpenQuarterlyReviewsJob>(scope.ServiceProvider).OpenDueAsync(null, TestContext.Current.CancellationToken);
    }

    private static Task<List<QuarterlyReview>> ReviewsAsync(SiloNode node) => node.DbAsync(db => db.QuarterlyReviews.AsNoTracking()
        .Include(r => r.Evaluators).ToListAsync(TestContext.Current.CancellationToken));

    [Fact]
    public async Task At_the_start_of_a_quarter_the_job_opens_one_review_of_the_quarter_just_ended_per_contract_active_in_it()
    {
        await using var world = await DeliveryWorld.StartAsync(China(2026, 10, 12, 9), evaluators: 2);
        var awarded = await world.AwardContractAsync(); // signed through the grains in October, reviewed by its project's evaluators
        var signedInQ3 = await world.InsertContractAsync(ContractStatus.Rectifying, China(2026, 8, 3, 10));
        var signedLastSecond = await world.InsertContractAsync(ContractStatus.Active, China(2026, 12, 31, 23, 59, 59));
        await world.InsertContractAsync(ContractStatus.Completed, China(2026, 10, 20, 10));
        await world.InsertContractAsync(ContractStatus.Terminated, China(2026, 10, 20, 10));
        await world.InsertContractAsync(ContractStatus.Active, Q4Ends); // the first instant of 2027Q1
        await world.InsertContractAsync(ContractStatus.Active, China(2027, 1, 1, 0, 3));
        world.MoveTo(Q1Starts);

        Assert.Equal(3, await OpenDueAsync(world.Node));

        var reviews = await ReviewsAsync(world.Node);
        Assert.Equal(new[] { awarded.Id, signedInQ3, signedLastSecond }.Order(), reviews.Select(r => r.ContractId).Order());
        Assert.All(reviews, r =>
        {
            Assert.Equal("2026Q4", r.Quarter);
            Assert.Equal(ReviewStatus.Open, r.Status);
            Assert.Equal(Q1Starts, r.OpenedAt);
            Assert.Equal(Q1Starts + ReviewRules.ScoringWindow, r.DueAt);
        });
        Assert.Equal(awarded.Evaluators.Select(e => e.UserId).Order(),
            reviews.Single(r => r.ContractId == awarded.Id).Evaluators.Select(e => e.EvaluatorId).Order());

        // A second run (a retry, another node, the catch-up at start) opens nothing more.
        Assert.Equal(0, await OpenDueAsync(world.Node));
        world.Clock.Advance(TimeSpan.FromDays(5));
        Assert.Equal(0, await OpenDueAsync(world.Node));
        Assert.Equal(3, (await ReviewsAsync(world.Node)).Count);
    }

    [Fact]
    public async Task The_opening_goes_in_batches_reporting_its_progress_each_review_with_its_event_on_its_contracts_chain()
    {
        await using var world = await DeliveryWorld.StartAsync(China(2026, 10, 12, 9), evaluators: 2);
        var awarded = await world.AwardContractAsync();
        var inserted = new List<Guid>();
        for (var i = 0; i < 4; i++) inserted.Add(await world.InsertContractAsync(ContractStatus.Active, China(2026, 11, 2 + i, 10)));
        // The awarded contract's grain is active (it created the contract) and holds its state from before the batch.
        var before = await world.Node.DbAsync(db => db.Contracts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Version, Ct));
        world.MoveTo(Q1Starts);

        var progress = new List<JobProgress>();
        await using (var scope = world.Node.Services.CreateAsyncScope())
        {
            var twoPerBatch = new ConfigurationBuilder().AddInMemoryCollection([new("Scheduler:ReviewBatchSize", "2")]).Build();
            var job = ActivatorUtilities.CreateInstance<OpenQuarterlyReviewsJob>(scope.ServiceProvider, (IConfiguration)twoPerBatch);
            Assert.Equal(5, await job.OpenDueAsync(new Recorded(progress), Ct));
        }

        Assert.Equal([new(0, 5), new(2, 5), new(4, 5), new(5, 5)], progress);
        foreach (var id in inserted.Append(awarded.Id))
        {
            Assert.Equal("ReviewOpened", (await world.EventsAsync(id))[^1]);
            Assert.Equal(1, await world.OutboxCountAsync<Procurement.Contracts.Messages.ReviewOpened>(id));
            var trail = await world.Node.DbAsync(db => db.AuditTrail.AsNoTracking().Where(a => a.AggregateId == id).OrderBy(a => a.Sequence).ToListAsync(Ct));
            Assert.Null(Procurement.Silo.Hosting.AuditChain.FirstBroken(trail));
            Assert.Equal(before[id] + 1, (await world.LoadAsync(id)).Version);
        }

        // The grain sees the review the batch opened: its evaluator scores it at once.
        var review = Assert.Single((await world.LoadAsync(awarded.Id)).Reviews);
        Assert.Equal((ReviewStatus.Open, Q1Starts + ReviewRules.ScoringWindow), (review.Status, review.DueAt));
        Assert.Equal(ReviewRules.DefaultWeights, review.Weights);
        Assert.Equal(awarded.Evaluators.Select(e => e.UserId).Order(), review.Evaluators.Select(e => e.EvaluatorId).Order());
        await world.ContractGrain(awarded.Id).ScoreReview(review.Id, new(80, 80, 80, 80, 80), declareNoConflict: true, awarded.Evaluators[0]);
        Assert.NotNull((await world.LoadAsync(awarded.Id)).Reviews.Single().Evaluators.Single(e => e.EvaluatorId == awarded.Evaluators[0].UserId).ScoredAt);
    }

    [Fact]
    public async Task A_batch_in_which_a_contract_changed_after_it_was_read_commits_nothing_and_the_contract_then_opens_through_its_grain()
    {
        await using var world = await DeliveryWorld.StartAsync(China(2026, 10, 12, 9));
        var changing = await world.InsertContractAsync(ContractStatus.Active, China(2026, 11, 2, 10));
        var other = await world.InsertContractAsync(ContractStatus.Active, China(2026, 11, 3, 10));
        world.MoveTo(Q1Starts);
        var (quarter, _, end) = ChinaTime.PreviousQuarter(Q1Starts);

        // Another writer commits to one of the contracts after the batch has read them, just before its transaction begins.
        var connection = await world.Node.DbAsync(d => Task.FromResult(d.Database.GetConnectionString()!));
        var anotherWriter = new BeforeTransaction(() => world.Node.DbAsync(d => d.Contracts.Where(c => c.Id == changing)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1), Ct)));
        await using (var db = new Procurement.Storage.SqliteProcurementDb(new DbContextOptionsBuilder<Procurement.Storage.SqliteProcurementDb>()
            .UseSqlite(connection).AddInterceptors(anotherWriter).Options))
            Assert.Null(await ReviewOpening.OpenBatchAsync(db, [changing, other], quarter, end, Q1Starts + ReviewRules.ScoringWindow, Q1Starts, Ct));
        Assert.Empty(await ReviewsAsync(world.Node));
        Assert.Equal(0, await world.Node.DbAsync(db => db.Outbox.CountAsync(Ct)));

        Assert.True(await world.ContractGrain(changing).OpenReview(quarter, end, Q1Starts + ReviewRules.ScoringWindow));
        Assert.Equal(1, await OpenDueAsync(world.Node));
        Assert.Equal(new[] { changing, other }.Order(), (await ReviewsAsync(world.Node)).Select(r => r.ContractId).Order());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class BeforeTransaction(Func<Task> act) : Microsoft.EntityFrameworkCore.Diagnostics.DbTransactionInterceptor
    {
        public override async ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbTransaction>> TransactionStartingAsync(
            System.Data.Common.DbConnection connection, Microsoft.EntityFrameworkCore.Diagnostics.TransactionStartingEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<System.Data.Common.DbTransaction> result, CancellationToken ct = default)
        {
            await act();
            return result;
        }
    }

    private sealed class Recorded(List<JobProgress> into) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => into.Add(value);
    }

    [Fact]
    public async Task The_quarterly_opening_is_registered_for_five_minutes_into_each_quarter_in_china_time()
    {
        await using var world = await DeliveryWorld.StartAsync(Q1Starts, scheduler: true);
        var storage = world.Node.Services.GetRequiredService<JobStorage>();

        Hangfire.Storage.RecurringJobDto? job = null;
        Assert.True(await Poll.UntilAsync(() =>
        {
            using var connection = storage.GetConnection();
            job = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).SingleOrDefault(j => j.Id == ScheduledJobs.OpenQuarterlyReviews.Id);
            return job is not null;
        }), "the quarterly opening was not registered");

        Assert.Equal(("5 0 1 1,4,7,10 *", "Asia/Shanghai"), (job!.Cron, job.TimeZoneId));
        Assert.Equal(typeof(OpenQuarterlyReviewsJob), job.Job.Type);
        // Hangfire schedules on the real clock: the next run is the next quarter's first day, 00:05 China time.
        Assert.Equal(NextQuarterStart(DateTimeOffset.UtcNow).AddMinutes(5), new DateTimeOffset(job.NextExecution!.Value, TimeSpan.Zero));
    }

    /// <summary>The first instant of the quarter after the one that contains <paramref name="utc"/> (China time), in UTC.</summary>
    private static DateTimeOffset NextQuarterStart(DateTimeOffset utc)
    {
        var local = ChinaTime.QuarterStart(utc).ToOffset(ChinaTime.Offset).AddMonths(3);
        return local.AddMinutes(5) > utc ? ChinaTime.QuarterStart(local) : ChinaTime.QuarterStart(local.AddMonths(3));
    }

    [Fact]
    public async Task A_contract_signed_in_the_first_quarter_is_reviewed_for_that_quarter_and_never_for_the_one_before()
    {
        await using var world = await DeliveryWorld.StartAsync(China(2026, 12, 28, 9));
        var contractId = await world.InsertContractAsync(ContractStatus.Active, China(2027, 2, 10, 15));

        world.MoveTo(Q1Starts);
        Assert.Equal(0, await OpenDueAsync(world.Node));
        world.MoveTo(China(2027, 2, 11));
        Assert.Equal(0, await OpenDueAsync(world.Node)); // still the 2026Q4 review's time: the contract was not active in it
        world.MoveTo(China(2027, 4, 1, 0, 5));
        Assert.Equal(1, await OpenDueAsync(world.Node));

        var review = Assert.Single(await ReviewsAsync(world.Node));
        Assert.Equal((contractId, "2027Q1"), (review.ContractId, review.Quarter));
    }

    [Fact]
    public async Task A_missed_quarter_start_is_caught_up_when_a_node_starts()
    {
        using var database = new TestDatabase();
        // Every node was down across the quarter start: the trigger at 00:05 on 1 January never fired.
        var clock = new ManualClock(China(2027, 1, 3, 9));
        var contractId = Guid.NewGuid();
        await using (var db = database.Open())
        {
            await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
            var unionId = Guid.NewGuid();
            db.Unions.Add(new Union { Id = unionId, Name = "哈尔滨市总工会", Level = UnionLevel.City, RegionCode = "230100", Path = Union.ChildPath(null, unionId) });
            db.Contracts.Add(new Contract
            {
                Id = contractId, Version = 1, ProjectId = Guid.NewGuid(), BidId = Guid.NewGuid(), UnionId = unionId, UnionPath = Union.ChildPath(null, unionId),
                OrganizationId = Guid.NewGuid(), Title = "职工心理关爱", AmountFen = 900_000_00, Status = ContractStatus.Active, SignedAt = China(2026, 11, 20, 10),
                PeriodStart = new DateOnly(2026, 12, 1), PeriodEnd = new DateOnly(2027, 11, 30),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await using (var node = await SiloNode.StartAsync(database, dispatch: false, clock: clock))
        {
            Assert.True(await Poll.UntilAsync(async () => (await ReviewsAsync(node)).Count > 0, TimeSpan.FromSeconds(30)),
                "the node did not open the missed quarter's review by itself");
            var review = Assert.Single(await ReviewsAsync(node));
            Assert.Equal((contractId, "2026Q4", clock.GetUtcNow() + ReviewRules.ScoringWindow), (review.ContractId, review.Quarter, review.DueAt));
            Assert.True(await Poll.UntilAsync(async () => await RunsAsync(node) == 1), "the catch-up run was not recorded");
        }

        // The next start runs the catch-up again, and it opens nothing.
        await using var restarted = await SiloNode.StartAsync(database, dispatch: false, clock: clock);
        Assert.True(await Poll.UntilAsync(async () => await RunsAsync(restarted) == 2, TimeSpan.FromSeconds(30)), "the restart did not run the catch-up");
        Assert.Single(await ReviewsAsync(restarted));
        Assert.Equal("reviews-opened|0", await restarted.DbAsync(db => db.JobRuns.AsNoTracking().Where(r => r.JobName == ScheduledJobs.OpenQuarterlyReviews.Id)
            .OrderByDescending(r => r.Id).Select(r => r.Summary).FirstAsync(TestContext.Current.CancellationToken)));
    }

    private static Task<int> RunsAsync(SiloNode node) => node.DbAsync(db =>
        db.JobRuns.CountAsync(r => r.JobName == ScheduledJobs.OpenQuarterlyReviews.Id && r.Succeeded, TestContext.Current.CancellationToken));

    [Fact]
    public async Task The_close_job_grades_every_review_past_its_deadline_and_leaves_the_others_open()
    {
        await using var world = await DeliveryWorld.StartAsync(China(2026, 12, 20, 9));
        var dueFirst = await world.InsertContractAsync(ContractStatus.Active, China(2026, 11, 2, 10));
        var dueLater = await world.InsertContractAsync(ContractStatus.Active, China(2026, 11, 2, 10));
        var now = world.Clock.GetUtcNow();
        Assert.True(await world.ContractGrain(dueFirst).OpenReview("2026Q4", now, now + TimeSpan.FromDays(1)));
        Assert.True(await world.ContractGrain(dueLater).OpenReview("2026Q4", now, now + TimeSpan.FromDays(3)));
        world.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal("reviews-closed|1", (await world.Node.RunJobAsync<CloseDueReviewsJob>()).ToString());


        var reviews = await ReviewsAsync(world.Node);
        Assert.Equal(ReviewStatus.Completed, reviews.Single(r => r.ContractId == dueFirst).Status);
        Assert.Equal(ReviewStatus.Open, reviews.Single(r => r.ContractId == dueLater).Status);
        // Nobody scored: the review closes without a grade, and an ungraded quarter is no Fail.
        var closed = await world.LoadAsync(dueFirst);
        Assert.Null(closed.Reviews.Single().Grade);
        Assert.Null(closed.Reviews.Single().ScoreCentipoints);
        Assert.Equal((ContractStatus.Active, 0), (closed.Status, closed.ConsecutiveFails));
    }
}
