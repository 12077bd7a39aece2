using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Contracts.Domain;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Demo.Province;

/// <summary>
/// Generates a province-scale dataset (DESIGN.md §6) straight into the registered <see cref="ProcurementDb"/>, through
/// the entity classes, in batches inside one transaction: unions in a four-level tree, organizations with valid credit
/// codes, accounts, and projects at every stage with their bids, scores, contracts, milestones and quarterly reviews,
/// in states the grains accept afterwards. Deterministic: one <see cref="Random"/> from the seed drives every id,
/// name, amount and date offset, so the same seed and reference instant give the same rows.
/// </summary>
/// <remarks>
/// Each generated organization, project and contract starts its audit trail with one <c>DatasetGenerated</c> entry,
/// hashed as <see cref="AuditChain"/> hashes the grains' entries, so its trail verifies and later grain events chain on.
/// No outbox rows are written: the generated history is not announced on the bus.
/// </remarks>
public static partial class ProvinceDataset
{
    /// <summary>The seed the province-scale demo (<c>Demo:Scale=Province</c>) uses.</summary>
    public const int DemoSeed = 2026;

    /// <summary>Domain of every generated account.</summary>
    public const string EmailDomain = "dataset.local";

    /// <summary>Union admin of the root union; its presence marks a database that holds a generated dataset.</summary>
    public const string ProvinceAdminEmail = "province@" + EmailDomain;

    /// <summary>The audit action of the entry that starts each generated aggregate's trail.</summary>
    public const string AuditAction = "DatasetGenerated";

    /// <summary>Rows added before each <c>SaveChanges</c>.</summary>
    private const int BatchRows = 4_000;

    /// <summary>Whether a generated dataset is already in <paramref name="db"/>.</summary>
    public static Task<bool> IsPresentAsync(ProcurementDb db, CancellationToken ct = default)
    {
        var marker = AccountRows.Normalize(ProvinceAdminEmail);
        return db.Users.AnyAsync(u => u.NormalizedEmail == marker, ct);
    }

    /// <summary>
    /// Generates <paramref name="size"/> from <paramref name="seed"/> into the database of <paramref name="services"/>
    /// (any provider), all in one transaction: it is there whole or not at all.
    /// </summary>
    /// <param name="services">A provider with <see cref="ProcurementDb"/> registered (a Silo's or Web's).</param>
    /// <param name="size">Counts to generate; see <see cref="DatasetSize.Province"/>, <see cref="DatasetSize.Small"/>, <see cref="DatasetSize.ActiveContracts"/>.</param>
    /// <param name="seed">Same seed and <paramref name="reference"/>, same dataset.</param>
    /// <param name="reference">
    /// The instant the dataset is "now" for (open bid windows close after it, active contracts span it). By default the
    /// start of the current day in China time by the registered <see cref="TimeProvider"/>, so runs on one day agree.
    /// </param>
    /// <param name="progress">Receives (stage, done, total) after every batch.</param>
    /// <param name="ct">Cancels the generation; nothing is kept.</param>
    /// <exception cref="InvalidOperationException">A generated dataset is already present (see <see cref="IsPresentAsync"/>).</exception>
    /// <exception cref="ArgumentException"><paramref name="size"/> cannot be generated (see <see cref="DatasetSize.Validate"/>).</exception>
    public static async Task<DatasetSummary> GenerateAsync(IServiceProvider services, DatasetSize size, int seed, DateTimeOffset? reference = null,
        IProgress<DatasetProgress>? progress = null, CancellationToken ct = default)
    {
        size.Validate();
        var started = Stopwatch.GetTimestamp();
        var now = reference ?? DefaultReference(services.GetKeyedService<TimeProvider>(Hosting.DomainClock.Key) ?? TimeProvider.System);
        now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        // A second generator waits for the first (SQLite's busy wait and a server database's lock both count as command time).
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        // SQLite begins the transaction with the write lock (BEGIN IMMEDIATE), so a second generator waits here and then
        // finds the marker; on a server database a lock held to commit does the same.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await DatabaseLock.Dataset.InTransactionAsync(db, ct);
        if (await IsPresentAsync(db, ct))
            throw new InvalidOperationException(
                $"A generated dataset is already in this database ({ProvinceAdminEmail} exists). Generate into an empty database; " +
                "ProvinceDataset.IsPresentAsync tells whether to skip.");

        var generator = new Generator(db, size, seed, now, progress, ct);
        var summary = await generator.RunAsync();
        await transaction.CommitAsync(ct);
        return summary with { Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    /// <summary>Midnight (China time) of the day <paramref name="time"/> is in, as UTC.</summary>
    public static DateTimeOffset DefaultReference(TimeProvider time)
    {
        var china = time.GetUtcNow().ToChina();
        return new DateTimeOffset(china.Year, china.Month, china.Day, 0, 0, 0, ChinaTime.Offset).ToUniversalTime();
    }

    private sealed partial class Generator(ProcurementDb db, DatasetSize size, int seed, DateTimeOffset now, IProgress<DatasetProgress>? progress, CancellationToken ct)
    {
        private readonly Random rng = new(seed);
        private readonly Dictionary<string, int> rows = [];
        private readonly DateOnly today = now.ToChinaDate();
        private int pendingRows;

        private readonly List<UnionNode> unions = [];
        private readonly List<Organization> organizations = [];
        private readonly List<Guid> evaluators = [];
        private readonly List<string> evaluatorEmails = [];
        private readonly List<string> cityAdminEmails = [];
        private readonly List<DatasetMember> members = [];
        private readonly List<(DateTimeOffset Closes, Guid Id)> openProjects = [];
        private readonly List<Guid> activeContracts = [];
        // Approved organizations with at least n certified social workers, for n = 0..3 (the eligibility rule projects ask for).
        private readonly List<Organization>[] eligible = [[], [], [], []];
        private string passwordHash = "";
        private Guid? brandId;

        private sealed record UnionNode(Union Union, string Area, int City, Guid AdminId, string AdminPath);

        public async Task<DatasetSummary> RunAsync()
        {
            passwordHash = AccountRows.HashPassword(DemoSeeder.Password);
            var roles = await AccountRows.EnsureRolesAsync(db, ct);
            await GenerateUnionsAsync(roles);
            await GenerateOrganizationsAsync();
            await GenerateAccountsAsync(roles);
            await GenerateProjectsAsync();
            await FlushAsync();
            var root = unions[0];
            return new DatasetSummary(seed, now, TimeSpan.Zero, rows, root.Union.Id, ProvinceAdminEmail, cityAdminEmails, evaluatorEmails, members,
                [.. openProjects.OrderBy(p => p.Closes).ThenBy(p => p.Id).Take(100).Select(p => p.Id)], [.. activeContracts.Take(100)]);
        }

        // ---- unions ----

        private async Task GenerateUnionsAsync(Dictionary<string, Guid> roles)
        {
            var (cityCount, countyCount, streetCount) = TreeShape(size.Unions);
            // The demo's own Heilongjiang unions (same level and region) are reused, so both datasets share one tree.
            var existing = (await db.Unions.AsNoTracking().Where(u => u.Level != UnionLevel.Street).ToListAsync(ct))
                .GroupBy(u => (u.Level, u.RegionCode)).ToDictionary(g => g.Key, g => g.OrderBy(u => u.Path).First());

            var rootUnion = Node(existing, UnionLevel.Province, null, ProvinceCatalog.ProvinceName, ProvinceCatalog.ProvinceNameEn, ProvinceCatalog.ProvinceRegion);
            var rootAdmin = NewId(now);
            AddUser(AccountRows.NewUser(rootAdmin, ProvinceAdminEmail, ProvinceCatalog.ProvinceName + " 管理员", passwordHash, Stamp(), unionId: rootUnion.Id), roles[Roles.UnionAdmin]);
            unions.Add(new UnionNode(rootUnion, "黑龙江省", -1, rootAdmin, rootUnion.Path));

            var cities = new List<UnionNode>();
            for (var c = 0; c < cityCount; c++)
            {
                var city = ProvinceCatalog.Cities[c];
                var union = Node(existing, UnionLevel.City, rootUnion, city.Name + "总工会", city.NameEn + " Federation of Trade Unions", city.Region);
                var email = $"city-{city.Region}@{EmailDomain}";
                var admin = NewId(now);
                AddUser(AccountRows.NewUser(admin, email, union.Name + " 管理员", passwordHash, Stamp(), unionId: union.Id), roles[Roles.UnionAdmin]);
                cityAdminEmails.Add(email);
                cities.Add(new UnionNode(union, city.Name, c, admin, union.Path));
            }
            unions.AddRange(cities);

            // Districts and counties go round the cities, so every city gets its share.
            var counties = new List<UnionNode>();
            var next = new int[cityCount];
            for (var c = 0; counties.Count < countyCount; c = (c + 1) % cityCount)
            {
                var city = ProvinceCatalog.Cities[c];
                if (next[c] >= city.Counties.Length) continue;
                var (name, region) = city.Counties[next[c]++];
                var fullName = (name.EndsWith('区') ? city.Name + name : name) + "总工会";
                var union = Node(existing, UnionLevel.County, cities[c].Union, fullName, $"District/County FTU {region}, {city.NameEn}", region);
                counties.Add(new UnionNode(union, name, c, cities[c].AdminId, cities[c].AdminPath));
            }
            unions.AddRange(counties);

            var streetsOf = new int[counties.Count];
            var offset = rng.Next(ProvinceCatalog.Streets.Length);
            for (var s = 0; s < streetCount; s++)
            {
                var k = s % counties.Count;
                var county = counties[k];
                var n = streetsOf[k]++;
                var stem = ProvinceCatalog.Streets[(offset + k * 7 + n) % ProvinceCatalog.Streets.Length];
                if (n >= ProvinceCatalog.Streets.Length) stem += (n / ProvinceCatalog.Streets.Length + 1).ToString();
                var union = Node(existing, UnionLevel.Street, county.Union, $"{county.Area}{stem}街道总工会",
                    $"Sub-district FTU {n + 1}, {county.Union.RegionCode}", county.Union.RegionCode);
                unions.Add(new UnionNode(union, stem + "街道", county.City, county.AdminId, county.AdminPath));
            }

            var brand = await db.Brands.AsNoTracking().FirstOrDefaultAsync(b => b.UnionId == rootUnion.Id && b.Name == ProvinceCatalog.BrandName, ct);
            if (brand is null)
            {
                brand = new Brand
                {
                    Id = NewId(now), UnionId = rootUnion.Id, Name = ProvinceCatalog.BrandName,
                    Description = "黑龙江省总工会购买社会组织服务职工的公益项目品牌：职工点菜、工会买单、社会组织参与。",
                };
                Add(brand);
            }
            brandId = brand.Id;
            Count<Union>(unions.Count);
            Report("unions", unions.Count, unions.Count);
            await FlushAsync();
        }

        /// <summary>Province, cities (at most the 13 of Heilongjiang), districts/counties, grassroots: about 1 : 9 % : 40 % : 50 %.</summary>
        private static (int Cities, int Counties, int Streets) TreeShape(int total)
        {
            var cities = Math.Clamp((int)Math.Round((total - 1) * 0.09), total >= 7 ? 2 : 1, ProvinceCatalog.Cities.Length);
            var available = ProvinceCatalog.Cities.Take(cities).Sum(c => c.Counties.Length);
            var counties = Math.Min(available, Math.Max(1, (int)Math.Round((total - 1 - cities) * 0.45)));
            return (cities, counties, total - 1 - cities - counties);
        }

        private Union Node(Dictionary<(UnionLevel, string), Union> existing, UnionLevel level, Union? parent, string name, string nameEn, string region)
        {
            if (level != UnionLevel.Street && existing.TryGetValue((level, region), out var found) && (parent is null || found.ParentId == parent.Id))
                return found;
            var id = NewId(now.AddYears(-3));
            var union = new Union { Id = id, Name = name, NameEn = nameEn, Level = level, ParentId = parent?.Id, RegionCode = region, Path = Union.ChildPath(parent?.Path, id) };
            Add(union, count: false);
            return union;
        }

        // ---- organizations and accounts ----

        private async Task GenerateOrganizationsAsync()
        {
            var takenCodes = (await db.Organizations.AsNoTracking().Where(o => o.Uscc != null).Select(o => o.Uscc!).ToListAsync(ct)).ToHashSet();
            var names = new HashSet<string>();
            var kindTotal = ProvinceCatalog.OrganizationKinds.Sum(k => k.Weight);
            var cityCount = unions.Count(u => u.Union.Level == UnionLevel.City);
            // Organization code bodies count up from a random start in steps of 7: distinct, and different for another seed.
            var body = (long)rng.Next(1, 400_000_000);
            for (var i = 0; i < size.Organizations; i++)
            {
                var city = ProvinceCatalog.Cities[WeightedCity(cityCount)];
                (string Name, string Region)? county = rng.Next(3) == 0 ? null : city.Counties[rng.Next(city.Counties.Length)];
                var area = county?.Name ?? city.Name;
                var region = county?.Region ?? city.Region;
                var kind = PickKind(kindTotal);
                var name = "";
                for (var attempt = 0; attempt < 50 && (name.Length == 0 || names.Contains(name)); attempt++)
                    name = (rng.Next(2) == 0 ? city.Name : area) + Pick(ProvinceCatalog.OrganizationStems) + kind.Suffix;
                if (!names.Add(name)) names.Add(name = $"{name}（{i + 1}）");

                string code;
                do code = Uscc.Compose(kind.AuthorityKind, region, "MD" + Base31(body += 7, 6));
                while (!takenCodes.Add(code));

                var themes = new[] { Pick(ProvinceCatalog.Themes), Pick(ProvinceCatalog.Themes) }.Distinct().ToList();
                var registered = now.AddDays(-rng.Next(200, 2_500)).AddMinutes(-rng.Next(1_440));
                var approved = rng.Next(100) < 95;
                var cityUnion = unions.FirstOrDefault(u => u.Union.Level == UnionLevel.City && u.Union.RegionCode == city.Region)?.Union ?? unions[0].Union;
                var organization = new Organization
                {
                    Id = NewId(registered), Version = approved ? 2 : 1, Name = name, Kind = OrganizationKind.Registered, Uscc = code, RegionCode = region,
                    Description = $"在{area}长期开展{string.Join("、", themes.SelectMany(t => t.Domains).Distinct())}等服务，承接工会购买社会组织服务项目。",
                    ServiceDomains = [.. themes.SelectMany(t => t.Domains).Distinct()],
                    ServiceRegions = county is null ? [city.Name] : [city.Name, county.Value.Name],
                    CertifiedSocialWorkers = rng.Next(0, 26), Volunteers = rng.Next(5, 301),
                    ContactName = PersonName(), ContactPhone = $"{city.AreaCode}-{rng.Next(8_000_000, 90_000_000)}",
                    Status = approved ? OrganizationStatus.Approved : OrganizationStatus.Pending, RegisteredAt = registered,
                    ApprovedByUnionId = approved ? cityUnion.Id : null, ApprovedAt = approved ? registered.AddDays(rng.Next(1, 30)) : null,
                };
                Add(organization);
                Audit(organization.Id, organization.ApprovedAt ?? registered, new { seed, status = organization.Status.ToString() });
                organizations.Add(organization);
                if (approved)
                    for (var n = 0; n < eligible.Length; n++)
                        if (organization.CertifiedSocialWorkers >= n) eligible[n].Add(organization);
                await FlushIfFullAsync("organizations", i + 1, size.Organizations);
            }
            Report("organizations", size.Organizations, size.Organizations);
        }

        private async Task GenerateAccountsAsync(Dictionary<string, Guid> roles)
        {
            for (var i = 1; i <= size.Evaluators; i++)
            {
                var email = $"evaluator-{i:D4}@{EmailDomain}";
                var id = NewId(now.AddDays(-rng.Next(100, 900)));
                AddUser(AccountRows.NewUser(id, email, "评审专家 " + PersonName(), passwordHash, Stamp()), roles[Roles.Evaluator]);
                evaluators.Add(id);
                evaluatorEmails.Add(email);
            }
            // A member account for every approved organization: each one bids, delivers and reports through it (the
            // benchmarks sign in as hundreds of them at once).
            foreach (var organization in eligible[0])
            {
                var email = $"org-{members.Count + 1:D4}@{EmailDomain}";
                AddUser(AccountRows.NewUser(NewId(organization.RegisteredAt), email, organization.ContactName + "（" + organization.Name + "）", passwordHash, Stamp(),
                    organizationId: organization.Id), roles[Roles.OrganizationMember]);
                members.Add(new DatasetMember(email, organization.Id));
            }
            Report("accounts", rows.GetValueOrDefault(nameof(AppUser)), rows.GetValueOrDefault(nameof(AppUser)));
            await FlushAsync();
        }

        private void AddUser(AppUser user, Guid roleId)
        {
            Add(user);
            Add(new Microsoft.AspNetCore.Identity.IdentityUserRole<Guid> { UserId = user.Id, RoleId = roleId }, "UserRole");
        }

        private int WeightedCity(int cityCount)
        {
            // Bigger cities (listed first) host more organizations: weight cityCount - index.
            var total = cityCount * (cityCount + 1) / 2;
            var r = rng.Next(total);
            for (var c = 0; c < cityCount; c++)
            {
                r -= cityCount - c;
                if (r < 0) return c;
            }
            return 0;
        }

        private (string Suffix, string AuthorityKind, int Weight) PickKind(int total)
        {
            var r = rng.Next(total);
            foreach (var k in ProvinceCatalog.OrganizationKinds)
            {
                r -= k.Weight;
                if (r < 0) return k;
            }
            return ProvinceCatalog.OrganizationKinds[0];
        }

        private static string Base31(long value, int length)
        {
            Span<char> chars = stackalloc char[length];
            for (var i = length - 1; i >= 0; i--)
            {
                chars[i] = Uscc.Alphabet[(int)(value % 31)];
                value /= 31;
            }
            return new string(chars);
        }

        // ---- helpers ----

        private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

        private string PersonName() => Pick(ProvinceCatalog.Surnames) + Pick(ProvinceCatalog.GivenNames);

        /// <summary>A version-7 id: its time part from <paramref name="at"/> (so ids sort like the grains' ids), the rest from the seed.</summary>
        private Guid NewId(DateTimeOffset at)
        {
            Span<byte> random = stackalloc byte[10];
            rng.NextBytes(random);
            var ms = at.ToUnixTimeMilliseconds();
            var d = random[2..].ToArray();
            d[0] = (byte)((d[0] & 0x3F) | 0x80);
            return new Guid((int)(ms >> 16), (short)(ms & 0xFFFF), (short)(0x7000 | ((random[0] << 8 | random[1]) & 0x0FFF)), d);
        }

        /// <summary>A security stamp in the form Identity gives one: 32 base-32 characters.</summary>
        private string Stamp()
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            return string.Create(32, rng, (chars, r) =>
            {
                for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[r.Next(alphabet.Length)];
            });
        }

        private void Audit(Guid aggregateId, DateTimeOffset at, object data)
        {
            var entry = new AuditEntry
            {
                AggregateId = aggregateId, Sequence = 1, At = at, Action = AuditAction, Data = JsonSerializer.Serialize(data, GrainCall.Json), PreviousHash = "",
            };
            entry.Hash = AuditChain.Hash(entry);
            Add(entry);
        }

        private void Add(object entity, string? table = null, bool count = true, int graphRows = 1)
        {
            db.Add(entity);
            pendingRows += graphRows;
            if (count) Count(table ?? entity.GetType().Name, 1);
        }

        private void Count<T>(int n) => Count(typeof(T).Name, n);

        private void Count(string table, int n) => rows[table] = rows.GetValueOrDefault(table) + n;

        private async Task FlushIfFullAsync(string stage, int done, int total)
        {
            if (pendingRows < BatchRows) return;
            await FlushAsync();
            Report(stage, done, total);
        }

        private async Task FlushAsync()
        {
            ct.ThrowIfCancellationRequested();
            if (pendingRows == 0) return;
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            pendingRows = 0;
        }

        private void Report(string stage, int done, int total) => progress?.Report(new DatasetProgress(stage, done, total));
    }
}
