using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>A contract the tests deliver on: its milestone ids in sequence order, and the project's evaluators (its reviewers).</summary>
public sealed record AwardedContract(Guid Id, Guid ProjectId, IReadOnlyList<Guid> Milestones, IReadOnlyList<Actor> Evaluators);

/// <summary>
/// One Silo on a hand-moved clock, with a union (and its admin; it publishes no award publicity), an approved organization with two members and an
/// outsider organization, evaluators (role Evaluator in the Identity tables) and a temp mail outbox folder.
/// No job server runs (unless <c>scheduler</c> asks for one, which still skips the start-up catch-up), so no job runs under
/// a test: the tests run the jobs themselves.
/// </summary>
public sealed class DeliveryWorld : IAsyncDisposable
{
    /// <summary>Odd on purpose: 33 % of it is not a whole fen, so only the last milestone's remainder makes the sum exact.</summary>
    public const long ContractFen = 900_000_01;

    /// <summary>Where the world's portal is opened, as e-mails link to it.</summary>
    public const string PublicBaseUrl = "https://gonghui.example.cn";

    public static readonly int[] Shares = [33, 33, 34];

    private readonly TestDatabase database;

    private DeliveryWorld(TestDatabase database, SiloNode node, ManualClock clock, string mailFolder)
    {
        this.database = database;
        Node = node;
        Clock = clock;
        MailFolder = mailFolder;
    }

    public SiloNode Node { get; }
    public ManualClock Clock { get; }
    public string MailFolder { get; }
    public Union Union { get; private set; } = null!;
    public Guid OrganizationId { get; private set; }
    public Guid OtherOrganizationId { get; private set; }
    public Actor Admin { get; private set; } = null!;
    public IReadOnlyList<Actor> Members { get; private set; } = [];
    public Actor Outsider { get; private set; } = null!;
    public IReadOnlyList<Actor> Evaluators { get; private set; } = [];

    public IContractGrain ContractGrain(Guid id) => Node.Grains.GetGrain<IContractGrain>(id);

    /// <param name="at">Where the clock starts.</param>
    /// <param name="evaluators">Evaluators of every project the world awards; they become the contracts' reviewers.</param>
    /// <param name="dispatch">Publishes committed events to the bus, so the projections (notifications) run.</param>
    public static async Task<DeliveryWorld> StartAsync(DateTimeOffset at, int evaluators = 1, bool dispatch = false, bool scheduler = false)
    {
        var database = new TestDatabase();
        var mailFolder = Path.Combine(Path.GetTempPath(), $"procurement-mail-{Guid.NewGuid():N}");
        var clock = new ManualClock(at);
        SiloNode? node = null;
        try
        {
            node = await SiloNode.StartAsync(database, dispatch, clock: clock, settings: Settings(mailFolder, scheduler));
            var world = new DeliveryWorld(database, node, clock, mailFolder);
            await world.SeedAsync(evaluators);
            return world;
        }
        catch
        {
            if (node is not null) await node.DisposeAsync();
            database.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Settings(string mailFolder, bool scheduler) => new()
    {
        ["Mail:OutboxFolder"] = mailFolder,
        ["Portal:PublicBaseUrl"] = PublicBaseUrl,
        ["Scheduler:Run"] = scheduler ? "true" : "false",
        ["Scheduler:CatchUpOnStart"] = "false",
    };

    private async Task SeedAsync(int evaluatorCount)
    {
        Union = await Seed.UnionAsync(Node);
        var organizations = await Seed.ApprovedOrganizationsAsync(Node, Union, 2);
        (OrganizationId, OtherOrganizationId) = (organizations[0], organizations[1]);

        var evaluatorRole = new IdentityRole<Guid>(Roles.Evaluator) { Id = Guid.NewGuid(), NormalizedName = Roles.Evaluator.ToUpperInvariant() };
        var admin = User("admin", unionId: Union.Id);
        var members = new[] { User("member1", organizationId: OrganizationId), User("member2", organizationId: OrganizationId) };
        var outsider = User("outsider", organizationId: OtherOrganizationId);
        var evaluators = Enumerable.Range(1, evaluatorCount).Select(i => User($"evaluator{i}")).ToList();
        await Node.DbAsync(db =>
        {
            db.Roles.Add(evaluatorRole);
            db.Users.AddRange([admin, .. members, outsider, .. evaluators]);
            db.UserRoles.AddRange(evaluators.Select(e => new IdentityUserRole<Guid> { UserId = e.Id, RoleId = evaluatorRole.Id }));
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        Admin = new Actor(admin.Id, Roles.UnionAdmin, Union.Id, Union.Path);
        Members = [.. members.Select(m => new Actor(m.Id, Roles.OrganizationMember, OrganizationId: OrganizationId))];
        Outsider = new Actor(outsider.Id, Roles.OrganizationMember, OrganizationId: OtherOrganizationId);
        Evaluators = [.. evaluators.Select(e => new Actor(e.Id, Roles.Evaluator))];

        // The world's union publishes no award publicity, so an award signs its contract at once (set in the table, not
        // through the union's grain, whose event would sit in the outbox the tests count); the publicity tests set a period.
        await Node.DbAsync(db => db.Unions.Where(u => u.Id == Union.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.AwardPublicityWorkingDays, 0), TestContext.Current.CancellationToken));
    }

    private static AppUser User(string name, Guid? unionId = null, Guid? organizationId = null)
    {
        var email = $"{name}-{Guid.NewGuid():N}@test.local";
        return new AppUser
        {
            Id = Guid.NewGuid(), UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
            NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, SecurityStamp = Guid.NewGuid().ToString("N"),
            DisplayName = name, UnionId = unionId, OrganizationId = organizationId,
        };
    }

    /// <summary>
    /// The whole procurement through the real grains: draft, publish, bid (3 milestones of 33/33/34 % of
    /// <see cref="ContractFen"/>), deadline, evaluation with a declaration of no conflict, award, contract.
    /// Leaves the clock a minute past the bid deadline (the contract's signing time).
    /// </summary>
    /// <param name="evaluators">How many of the world's evaluators evaluate the project (all by default).</param>
    public async Task<AwardedContract> AwardContractAsync(int? evaluators = null)
    {
        var (projectId, bidId, _, panel) = await EvaluatedAsync(evaluators);
        var contractId = (await Node.Grains.AwardAsync(projectId, bidId, null, Admin)).ContractId!.Value;

        var milestones = await Node.DbAsync(db => db.Milestones.Where(m => m.ContractId == contractId)
            .OrderBy(m => m.Sequence).Select(m => m.Id).ToListAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Shares.Length, milestones.Count);
        return new AwardedContract(contractId, projectId, milestones, panel);
    }

    /// <summary>
    /// A project through its evaluation, ready to award: the organization's bid on top and each of <paramref name="rivals"/>
    /// below it, in their order. Leaves the clock a minute past the bid deadline.
    /// </summary>
    public async Task<(Guid ProjectId, Guid BidId, IReadOnlyList<Guid> RivalBids, IReadOnlyList<Actor> Panel)> EvaluatedAsync(int? evaluators = null,
        IReadOnlyList<Actor>? rivals = null)
    {
        var panel = Evaluators.Take(evaluators ?? Evaluators.Count).ToList();
        var projectId = Guid.NewGuid();
        var draft = Seed.Project(Union.Id, Clock.GetUtcNow());
        var project = Node.Grains.GetGrain<IProjectGrain>(projectId);
        await project.CreateDraft(draft, Admin);
        await project.Publish(Admin);
        var start = draft.ServiceStart;
        BidDraft Bid(long amountFen) => new(
            "每月两次团体辅导，全年个案咨询。", amountFen, [new BudgetLineInput("人员费用", amountFen)],
            [
                new MilestoneInput("需求调研", start.AddMonths(3), Shares[0]),
                new MilestoneInput("中期报告", start.AddMonths(6), Shares[1]),
                new MilestoneInput("结项报告", draft.ServiceEnd, Shares[2]),
            ],
            800, 30, "社工 3 名");
        var bidId = await project.SubmitBid(Bid(ContractFen), Members[0]);
        var rivalBids = new List<Guid>();
        foreach (var (rival, i) in (rivals ?? []).Select((r, i) => (r, i)))
            rivalBids.Add(await project.SubmitBid(Bid(ContractFen - (i + 1) * 100_00), rival));
        await project.AssignEvaluators([.. panel.Select(e => e.UserId)], Admin);

        MoveTo(draft.BidClosesAt.AddMinutes(1));
        Assert.True(await project.CloseBidding());
        foreach (var evaluator in panel)
        {
            await project.ScoreBid(bidId, [new CriterionScoreInput("服务方案", 85), new CriterionScoreInput("报价", 90)], declareNoConflict: true, evaluator);
            foreach (var (other, i) in rivalBids.Select((b, i) => (b, i)))
                await project.ScoreBid(other, [new CriterionScoreInput("服务方案", 70 - i), new CriterionScoreInput("报价", 80)], declareNoConflict: false, evaluator);
        }
        return (projectId, bidId, rivalBids, panel);
    }

    /// <summary>
    /// A second Silo on the world's database and clock: a one-silo cluster of its own, as after a split, so both nodes may
    /// hold the same grain at once and only the database decides which write lands.
    /// </summary>
    public Task<SiloNode> SecondNodeAsync() => SiloNode.StartAsync(database, dispatch: false, clock: Clock, settings: Settings(MailFolder, scheduler: false));

    /// <summary>A contract written straight to the tables, for the jobs that only read them (no project behind it).</summary>
    public async Task<Guid> InsertContractAsync(ContractStatus status, DateTimeOffset signedAt, params (DateOnly Due, MilestoneStatus Status)[] milestones)
    {
        var id = Guid.NewGuid();
        signedAt = signedAt.ToUniversalTime(); // SQLite compares the stored form, which keeps the offset: store UTC as the grains do
        await Node.DbAsync(db =>
        {
            db.Contracts.Add(new Contract
            {
                Id = id, Version = 1, ProjectId = Guid.NewGuid(), BidId = Guid.NewGuid(), UnionId = Union.Id, UnionPath = Union.Path,
                OrganizationId = OrganizationId, Title = $"合同 {status} {signedAt:yyyy-MM-dd HH:mm}", AmountFen = ContractFen,
                PeriodStart = signedAt.ToChinaDate(), PeriodEnd = signedAt.ToChinaDate().AddYears(1),
                Status = status, SignedAt = signedAt,
                Milestones = [.. milestones.Select((m, i) => new Milestone
                {
                    Id = Guid.NewGuid(), ContractId = id, Sequence = i + 1, Deliverable = $"里程碑 {i + 1}", DueDate = m.Due,
                    SharePercent = 100 / milestones.Length + (i == milestones.Length - 1 ? 100 % milestones.Length : 0), Status = m.Status,
                })],
            });
            return db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return id;
    }

    public void MoveTo(DateTimeOffset at) => Clock.Advance(at - Clock.GetUtcNow());

    public Task<Contract> LoadAsync(Guid contractId) => Node.DbAsync(db => db.Contracts.AsNoTracking().AsSplitQuery()
        .Include(c => c.Milestones.OrderBy(m => m.Sequence)).Include(c => c.Reviews).ThenInclude(r => r.Evaluators)
        .SingleAsync(c => c.Id == contractId, TestContext.Current.CancellationToken));

    /// <summary>The events a contract raised, by type name, in the order they were committed (the audit trail's order).</summary>
    public Task<List<string>> EventsAsync(Guid contractId) => Node.DbAsync(db => db.AuditTrail.AsNoTracking()
        .Where(a => a.AggregateId == contractId).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken));

    /// <summary>The outbox rows of one event type a contract raised (what the bus will carry).</summary>
    public Task<int> OutboxCountAsync<TEvent>(Guid contractId) => Node.DbAsync(db => db.Outbox
        .CountAsync(m => m.AggregateId == contractId && m.Type == typeof(TEvent).FullName, TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Node.DisposeAsync();
        }
        finally
        {
            database.Dispose();
            if (Directory.Exists(MailFolder)) Directory.Delete(MailFolder, recursive: true);
        }
    }
}

/// <summary>
/// One <see cref="DeliveryWorld"/> for a whole test class, whose tests each award a contract of their own: a Silo start
/// costs more than the tests it serves. Its clock only moves forward and no test depends on where it stands.
/// </summary>
public sealed class SharedDeliveryWorld : IAsyncLifetime
{
    public DeliveryWorld World { get; private set; } = null!;

    public async ValueTask InitializeAsync() => World = await DeliveryWorld.StartAsync(new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero), evaluators: 5);

    public async ValueTask DisposeAsync()
    {
        if (World is not null) await World.DisposeAsync();
    }
}
