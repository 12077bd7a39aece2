using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Identity;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Tests.Support;

/// <summary>
/// The embedded portal on a real Kestrel port with its own SQLite file and the demo data, started once per test
/// class (or collection) and deleted after. Tests talk to it over real HTTP.
/// </summary>
public class PortalHost : IAsyncLifetime
{
    public const string Password = "Procurement#2026";
    private WebApplicationFactory<Program> factory = null!;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "procurement-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The address the portal trusts as its reverse proxy (X-Forwarded-For from it names the client).</summary>
    public const string TrustedProxy = "127.0.0.41";

    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => factory.Services;

    /// <summary>Where this portal's e-mails are written (one .eml file each).</summary>
    public string MailFolder => Path.Combine(folder, "mail");

    /// <summary>The e-mails written to <paramref name="to"/> so far, oldest first.</summary>
    public IReadOnlyList<string> MailsTo(string to) => Directory.Exists(MailFolder)
        ? [.. Directory.GetFiles(MailFolder, "*.eml").Order().Select(File.ReadAllText).Where(m => m.StartsWith($"To: {to}\r\n", StringComparison.Ordinal))]
        : [];

    protected virtual void Configure(IWebHostBuilder builder) { }

    public virtual async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:Procurement", $"Data Source={Path.Combine(folder, "procurement.db")}");
            b.UseSetting("Demo:Seed", "true");
            b.UseSetting("Mail:OutboxFolder", MailFolder);
            b.UseSetting("Security:LoginPerMinute", "10000");
            // A reverse proxy at this loopback address (the forwarded-address tests send through it).
            b.UseSetting("Security:TrustedProxies", TrustedProxy);
            b.UseSetting("Urls", "http://127.0.0.1:0");
            // Delayed jobs (a project's deadline close) are looked for every second, not every five.
            b.UseSetting("Scheduler:PollInterval", "00:00:01");
            // Each portal's co-hosted silo a cluster of its own on free loopback ports.
            b.UseSetting("Cluster:Id", $"portal-{Guid.NewGuid():N}");
            b.UseSetting("Cluster:SiloPort", FreePort());
            b.UseSetting("Cluster:GatewayPort", FreePort());
            Configure(b);
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        await Task.CompletedTask;
    }

    private static string FreePort() =>
        Procurement.Silo.Hosting.ClusterSettings.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public virtual async ValueTask DisposeAsync()
    {
        await factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    /// <summary>A client that neither follows redirects nor keeps cookies: every request says exactly what it sends.</summary>
    public HttpClient Anonymous() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };

    /// <summary>A client carrying the bearer token of a demo account.</summary>
    public async Task<HttpClient> SignedIn(string email)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(email));
        return client;
    }

    public async Task<string> TokenFor(string email)
    {
        using var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>A new account of its own with the demo password, for tests that count what one person has (notices, settings).</summary>
    public async Task<(Guid Id, string Email)> NewUserAsync(string role, Guid? organizationId = null, Guid? unionId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, DisplayName = role, OrganizationId = organizationId, UnionId = unionId };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return (user.Id, email);
    }

    /// <summary>Runs a query against the portal's database in a fresh unit of work.</summary>
    public async Task<T> Query<T>(Func<ProcurementDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ProcurementDb>());
    }
}

/// <summary>Polls until a condition holds, for effects that arrive through the bus; fails after the timeout.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Condition not met in time; last value: {value}");
            await Task.Delay(100);
        }
    }
}
