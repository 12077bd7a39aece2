using Procurement.Silo.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Outbox;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo;

/// <summary>A demo account as printed at start.</summary>
public sealed record DemoAccount(string Email, string Role, string Description);

/// <summary>
/// Seeds the demo dataset once (embedded mode, or <c>Demo:Seed=true</c>). Organizations and projects go through the real
/// grains with a clock moved into the past, so projects at every stage carry their real events and audit trails.
/// </summary>
public sealed partial class DemoSeeder(IServiceProvider services, [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<DemoSeeder> log)
{
    public const string Password = "Procurement#2026";

    public static readonly DemoAccount[] Accounts =
    [
        new("admin@demo.local", Roles.PlatformAdmin, "平台管理员 Platform admin"),
        new("province@demo.local", Roles.UnionAdmin, "黑龙江省总工会 Heilongjiang FTU"),
        new("city@demo.local", Roles.UnionAdmin, "哈尔滨市总工会 Harbin FTU"),
        new("lanzhou@demo.local", Roles.UnionAdmin, "兰州市总工会 Lanzhou FTU"),
        new("org1@demo.local", Roles.OrganizationMember, "哈尔滨市行大公益服务发展中心"),
        new("org2@demo.local", Roles.OrganizationMember, "兰州小草爱心社会工作服务中心"),
        new("org3@demo.local", Roles.OrganizationMember, "心视界社工机构"),
        .. Enumerable.Range(1, 5).Select(i => new DemoAccount($"evaluator{i}@demo.local", Roles.Evaluator, $"评审专家 {i} Evaluator {i}")),
        new("worker1@demo.local", Roles.Worker, "香坊区职工 Worker in Xiangfang"),
        new("worker2@demo.local", Roles.Worker, "哈尔滨市职工 Worker in Harbin"),
        new("worker3@demo.local", Roles.Worker, "盐场路街道职工 Worker in Yanchanglu"),
    ];

    /// <summary>The demo workers' unions and groups (职工点菜).</summary>
    private static readonly Dictionary<string, (string Union, string[] Groups)> Workers = new()
    {
        ["worker1@demo.local"] = ("xf", ["新就业形态劳动者"]),
        ["worker2@demo.local"] = ("hrb", ["女职工", "产业工人"]),
        ["worker3@demo.local"] = ("ycl", ["农民工"]),
    };

    private readonly Dictionary<string, Union> unions = [];
    private readonly Dictionary<string, Guid> organizations = [];
    private readonly Dictionary<string, Actor> actors = [];
    private DemoClock clock = null!;
    private IGrainFactory grains = null!;
    private Guid brandId;

    /// <summary>Seeds when the database holds no union yet; returns whether it seeded.</summary>
    public async Task<bool> SeedAsync(CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        if (await db.Unions.AnyAsync(ct)) return false;

        var now = time.GetUtcNow();
        clock = new DemoClock(now.AddDays(-150));
        // The seeding silo starts (a second or two) while the unions and accounts are written.
        var starting = SeedingSilo.StartAsync(services.GetRequiredService<IConfiguration>(), clock, ct);
        try
        {
            await SeedUnionsAsync(db, ct);
            await SeedUsersAsync(db, ct);
        }
        catch
        {
            // The silo still starting must not outlive a failed seeding.
            await (await starting).DisposeAsync();
            throw;
        }
        await using var silo = await starting;
        grains = silo.Grains;
        await SeedOrganizationsAsync(ct);
        await SeedProjectsAsync(now);
        await SeedAnnouncementsAsync(now);
        await SeedNeedsAsync(now);
        await SeedFeedbackAsync(db, now, ct);
        services.GetService<OutboxSignal>()?.Notify();
        LogSeeded(unions.Count, organizations.Count);
        return true;
    }

    private async Task SeedUnionsAsync(ProcurementDb db, CancellationToken ct)
    {
        foreach (var u in DemoCatalog.Unions)
        {
            var parent = u.Parent is null ? null : unions[u.Parent];
            var id = Guid.CreateVersion7();
            var union = new Union
            {
                Id = id, Name = u.Name, NameEn = u.NameEn, Level = u.Level, ParentId = parent?.Id, RegionCode = u.Region,
                Path = Union.ChildPath(parent?.Path, id),
            };
            unions[u.Key] = union;
            db.Unions.Add(union);
        }
        brandId = Guid.CreateVersion7();
        db.Brands.Add(new Brand
        {
            Id = brandId, UnionId = unions["hlj"].Id, Name = "工助龙江",
            Description = "黑龙江省总工会购买社会组织服务职工的公益项目品牌：职工点菜、工会买单、社会组织参与。",
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task SeedUsersAsync(ProcurementDb db, CancellationToken ct)
    {
        // Straight into the Identity tables (see AccountRows): a Silo process, which hosts no UserManager, seeds too.
        var roles = await AccountRows.EnsureRolesAsync(db, ct);

        // Organization ids are fixed now so members can be bound before the grains register the organizations.
        foreach (var o in DemoCatalog.Organizations) organizations[o.Key] = Guid.CreateVersion7();
        var bindings = new Dictionary<string, (string? Union, string? Organization)>
        {
            ["province@demo.local"] = ("hlj", null), ["city@demo.local"] = ("hrb", null), ["lanzhou@demo.local"] = ("lz", null),
            ["org1@demo.local"] = (null, "xingda"), ["org2@demo.local"] = (null, "xiaocao"), ["org3@demo.local"] = (null, "xinshijie"),
        };
        var hash = AccountRows.HashPassword(Password);
        foreach (var account in Accounts)
        {
            var (union, organization) = bindings.GetValueOrDefault(account.Email);
            var user = AccountRows.NewUser(Guid.CreateVersion7(), account.Email, account.Description, hash, Guid.NewGuid().ToString("N").ToUpperInvariant(),
                union is null ? null : unions[union].Id, organization is null ? null : organizations[organization]);
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = user.Id, RoleId = roles[account.Role] });
            if (Workers.TryGetValue(account.Email, out var worker))
                db.WorkerProfiles.Add(new WorkerProfile { UserId = user.Id, UnionId = unions[worker.Union].Id, Groups = [.. worker.Groups] });
            actors[account.Email] = new Actor(user.Id, account.Role, user.UnionId, union is null ? null : unions[union].Path, user.OrganizationId);
        }
        await db.SaveChangesAsync(ct);
        foreach (var key in new[] { "hlj", "lz", "gs" })
            actors.TryAdd("union:" + key, new Actor(Guid.Empty, Roles.UnionAdmin, unions[key].Id, unions[key].Path));
    }

    private async Task SeedOrganizationsAsync(CancellationToken ct)
    {
        foreach (var o in DemoCatalog.Organizations)
        {
            var uscc = o.Kind == OrganizationKind.Registered ? Uscc.Compose(o.AuthorityKind, o.Region, o.Body) : null;
            var grain = grains.GetGrain<IOrganizationGrain>(organizations[o.Key]);
            await grain.Register(new OrganizationRegistration(o.Name, o.Kind, uscc, o.Region, o.Description, o.Domains, o.Regions,
                o.SocialWorkers, o.Volunteers, "联系人", "0451-00000000"), Actor.System);
            await grain.Approve(actors["union:" + o.ApprovedBy]);
            clock.Now = clock.Now.AddHours(6);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Unions} unions, {Organizations} organizations")]
    private partial void LogSeeded(int unions, int organizations);
}
