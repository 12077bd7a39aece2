using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Procurement.Silo.Tests.Deploy;

/// <summary>
/// <c>deploy/compose.yaml</c> cannot be run here (no container engine), so it is read as compose would read it (YAML with
/// anchors and merge keys) and checked against the code: each profile's services and start order, and every setting an app
/// is given parsed by the app's own rules and found in the operations guide.
/// </summary>
public sealed partial class ComposeFileTests
{
    private static readonly Dictionary<string, Dictionary<object, object>> Services = Load();

    /// <summary>A profile's database service, its port and provider, its silos and its Web.</summary>
    public sealed record Profile(string Name, string Database, int Port, DatabaseProvider Provider, string[] Silos, string Web);

    private static readonly Profile[] Profiles =
    [
        new("sqlserver", "sqlserver", 1433, DatabaseProvider.SqlServer, ["silo1", "silo2"], "web"),
        new("postgres", "postgres", 5432, DatabaseProvider.PostgreSql, ["silo1-pg", "silo2-pg"], "web-pg"),
    ];

    public static TheoryData<string> ProfileNames => [.. Profiles.Select(p => p.Name)];

    private static Profile ProfileNamed(string name) => Profiles.Single(p => p.Name == name);

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void A_profile_starts_its_database_the_bus_and_redis_then_two_silos_then_the_web(string name)
    {
        var profile = ProfileNamed(name);
        var active = Services.Where(s => ProfilesOf(s.Value) is var p && (p.Count == 0 || p.Contains(name))).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        string[] expected = [profile.Database, "rabbitmq", "redis", .. profile.Silos, profile.Web];
        Assert.Equal(expected.Order(StringComparer.Ordinal).ToList(), active);

        Assert.All(active, s => Assert.NotEmpty(HealthTest(Services[s])));
        foreach (var silo in profile.Silos)
            Assert.Equal(new[] { profile.Database, "rabbitmq", "redis" }.Order(StringComparer.Ordinal), HealthyDependencies(Services[silo]).Order(StringComparer.Ordinal));
        Assert.Equal(profile.Silos.Order(StringComparer.Ordinal), HealthyDependencies(Services[profile.Web]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ProfileNames))]
    public void Every_setting_an_app_is_given_is_documented_and_parses_as_the_app_parses_it(string name)
    {
        var profile = ProfileNamed(name);
        var documented = DocumentedSettings();
        foreach (var app in profile.Silos.Append(profile.Web))
        {
            var config = Configuration(Services[app]);
            Assert.All(config.AsEnumerable().Where(kv => kv.Value is not null), kv =>
                Assert.True(documented.Any(d => d.IsMatch(kv.Key)), $"{app}: {kv.Key} is not a setting of docs/operations.md §8"));

            Assert.Equal(profile.Provider.ToString(), config["Database:Provider"]);
            Assert.Equal(profile.Provider, config.ReadProvider());
            var (dbHost, dbPort) = DatabaseEndpoint(profile.Provider, config.GetConnectionString("Procurement")!);
            Assert.Equal((profile.Database, profile.Port), (dbHost, dbPort));

            Assert.Equal(BusTransport.RabbitMq, config.GetValue<BusTransport>("Bus:Transport"));
            var rabbit = new Uri(config.GetConnectionString("RabbitMq")!);
            Assert.Equal(("rabbitmq", 5672), (rabbit.Host, rabbit.Port));

            var advertised = config["Cluster:AdvertisedIP"];
            config["Cluster:AdvertisedIP"] = null; // a service name, which resolves only inside the compose network
            var cluster = ClusterSettings.From(config);
            Assert.Equal("redis:6379", cluster.Redis);
            Assert.Equal(app == profile.Web ? null : app, advertised);

            Assert.NotNull(config["Portal:PublicBaseUrl"]); // e-mails link to where people open the portal

            foreach (var folder in new[] { "Evidence:Folder", "Mail:OutboxFolder" }.Select(k => config[k]).OfType<string>())
                Assert.Contains(Mounts(Services[app]), m => folder.StartsWith(m.Path, StringComparison.Ordinal));
        }

        var web = Configuration(Services[profile.Web]);
        Assert.False(web.GetValue<bool>("Silo:Hosted"));
        Assert.False(web.GetValue<bool>("Database:Migrate"));
        Assert.False(web.GetValue<bool>("Demo:Seed"));
        Assert.NotEmpty(web["Web:InstanceId"]!);
    }

    [Fact]
    public void Apps_run_from_the_images_folders_listen_where_their_health_check_asks_and_only_the_web_is_published_on_loopback()
    {
        var dockerfile = File.ReadAllText(Repository.PathOf("deploy/Dockerfile"));
        Assert.Contains("ENV Urls=http://+:8080", dockerfile, StringComparison.Ordinal);
        var apps = Services.Where(s => Scalar(s.Value, "working_dir") is not null).ToList();
        Assert.Equal(6, apps.Count);
        foreach (var (name, service) in apps)
        {
            var folder = Scalar(service, "working_dir")!;
            Assert.Contains($"-o {folder}", dockerfile, StringComparison.Ordinal);
            var dll = List(service, "command").Last();
            var project = folder.EndsWith("/silo", StringComparison.Ordinal) ? "src/Silo/Silo.csproj" : "src/Web/Web.csproj";
            Assert.Contains($"<AssemblyName>{Path.GetFileNameWithoutExtension(dll)}</AssemblyName>", File.ReadAllText(Repository.PathOf(project)), StringComparison.Ordinal);
            Assert.Contains("http://127.0.0.1:8080/health", string.Join(' ', HealthTest(service)), StringComparison.Ordinal);
            var ports = List(service, "ports");
            Assert.Equal(name.StartsWith("web", StringComparison.Ordinal) ? ["127.0.0.1:8080:8080"] : [], ports);
        }
        Assert.All(Services.Where(s => s.Value.ContainsKey("ports")), s => Assert.All(List(s.Value, "ports"), p => Assert.StartsWith("127.0.0.1:", p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Every_named_volume_is_declared_and_every_declared_one_is_used()
    {
        var declared = ((Dictionary<object, object>)LoadRoot()["volumes"]).Keys.Cast<string>().Order().ToList();
        var used = Services.Values.SelectMany(Mounts).Select(m => m.Volume).Distinct().Order().ToList();
        Assert.Equal(declared, used);
        Assert.Contains("mssql", used);
        Assert.Contains("pgdata", used);
    }

    // ---- reading the file ----

    private static Dictionary<object, object> LoadRoot()
    {
        using var reader = new StringReader(File.ReadAllText(Repository.PathOf("deploy/compose.yaml")));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<string, Dictionary<object, object>> Load() =>
        ((Dictionary<object, object>)LoadRoot()["services"]).ToDictionary(s => (string)s.Key, s => (Dictionary<object, object>)s.Value);

    private static string? Scalar(Dictionary<object, object> map, string key) => map.TryGetValue(key, out var v) ? v as string : null;

    private static List<string> List(Dictionary<object, object> map, string key) =>
        map.TryGetValue(key, out var v) && v is List<object> list ? [.. list.Cast<string>()] : [];

    private static List<string> ProfilesOf(Dictionary<object, object> service) => List(service, "profiles");

    private static List<string> HealthTest(Dictionary<object, object> service) =>
        service.TryGetValue("healthcheck", out var h) ? List((Dictionary<object, object>)h, "test") : [];

    private static IEnumerable<string> HealthyDependencies(Dictionary<object, object> service) =>
        ((Dictionary<object, object>)service["depends_on"]).Select(d =>
        {
            Assert.Equal("service_healthy", ((Dictionary<object, object>)d.Value)["condition"]);
            Assert.True(Services.ContainsKey((string)d.Key), $"depends on {d.Key}, which is no service");
            return (string)d.Key;
        });

    private static IEnumerable<(string Volume, string Path)> Mounts(Dictionary<object, object> service) =>
        List(service, "volumes").Select(v => v.Split(':')).Select(p => (p[0], p[1]));

    /// <summary>The service's environment as the app's configuration sees it (<c>A__B</c> is <c>A:B</c>); variables stand in as <c>secret</c>.</summary>
    private static IConfigurationRoot Configuration(Dictionary<object, object> service) => new ConfigurationBuilder()
        .AddInMemoryCollection(((Dictionary<object, object>)service["environment"]).Select(e =>
            KeyValuePair.Create(((string)e.Key).Replace("__", ":", StringComparison.Ordinal), (string?)Variable().Replace((string)e.Value, "secret"))))
        .Build();

    private static (string Host, int Port) DatabaseEndpoint(DatabaseProvider provider, string cs)
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            var pg = new NpgsqlConnectionStringBuilder(cs);
            return (pg.Host!, pg.Port);
        }
        var parts = new SqlConnectionStringBuilder(cs).DataSource.Split(',');
        return (parts[0], int.Parse(parts[1]));
    }

    /// <summary>The settings of docs/operations.md §8, as patterns (<c>{job id}</c> one key segment, <c>*</c> any rest).</summary>
    private static List<Regex> DocumentedSettings()
    {
        var guide = File.ReadAllText(Repository.PathOf("docs/operations.md"));
        var start = guide.IndexOf("## 8. Settings", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has its settings section");
        var section = guide[start..guide.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        var settings = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .SelectMany(l => Backticked().Matches(l.Split('|')[1]).Select(m => m.Groups[1].Value))
            .Select(s => new Regex("^" + Placeholder().Replace(Regex.Escape(s).Replace(@"\*", ".+", StringComparison.Ordinal), "[^:]+") + "$", RegexOptions.IgnoreCase))
            .ToList();
        Assert.True(settings.Count > 30, $"the settings table is read ({settings.Count})");
        return settings;
    }

    [GeneratedRegex(@"\$\{[^}]*\}")]
    private static partial Regex Variable();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    /// <summary>An escaped <c>{…}</c> placeholder.</summary>
    [GeneratedRegex(@"\\\{[^}]*\}")]
    private static partial Regex Placeholder();
}
