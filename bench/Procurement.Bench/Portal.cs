using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Bench;

/// <summary>The public API over HTTP, as a client would call it: bearer tokens, JSON, no cookies.</summary>
public sealed class ApiClient(Uri baseAddress) : IDisposable
{
    public const string Password = "Procurement#2026";

    private readonly HttpClient http = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 512, AllowAutoRedirect = false, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(10),
    })
    { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private readonly ConcurrentDictionary<string, Task<string>> tokens = new();

    public Uri BaseAddress => baseAddress;

    /// <summary>When set, collects each answer's timing from both ends (<see cref="RequestTimings"/>).</summary>
    public RequestTimings? Timings { get; set; }

    public Task<string> TokenAsync(string email) => tokens.GetOrAdd(email, async _ =>
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"login {email}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString()!;
    });

    /// <summary>Sends a request; null when it succeeded, otherwise the status and the start of the body.</summary>
    public async Task<string?> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        Timings?.Add(sent, System.Diagnostics.Stopwatch.GetTimestamp(), response);
        if (response.IsSuccessStatusCode) return null;
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {method} {path}: {(body.Length > 300 ? body[..300] : body)}";
    }

    public Task<string?> GetAsync(string path, string? token = null) => SendAsync(HttpMethod.Get, path, token);

    public Task<string?> PostJsonAsync(string path, string? token, object body) => SendAsync(HttpMethod.Post, path, token, JsonContent.Create(body));

    public void Dispose() => http.Dispose();
}

/// <summary>
/// The database the platform will run on, opened in this process to migrate it and to write the generated dataset
/// before any app starts (the dataset generator writes through the platform's model).
/// </summary>
public static class Database
{
    public static ServiceProvider Open(DatabaseProvider provider, string connectionString)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(), ["ConnectionStrings:Procurement"] = connectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(config)
            .AddSingleton(TimeProvider.System)
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddProcurementStorage(config);
        return services.BuildServiceProvider();
    }

    public static async Task<T> QueryAsync<T>(this IServiceProvider services, Func<ProcurementDb, Task<T>> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ProcurementDb>());
    }
}

/// <summary>Settings every app process of a benchmark gets: production environment, quiet logs, no login throttle.</summary>
public static class AppSettings
{
    public static Dictionary<string, string?> Common(string database, DatabaseProvider provider) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = provider.ToString(),
        ["ConnectionStrings__Procurement"] = database,
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        // Hundreds of benchmark clients sign in from 127.0.0.1 within a minute.
        ["Security__LoginPerMinute"] = "1000000",
        // The quarterly opening is measured when the benchmark fires it, not at start.
        ["Scheduler__CatchUpOnStart"] = "false",
        // Server-Timing gives the request's start on the machine's clock: the benchmark splits each wait with it.
        ["Diagnostics__ServerClock"] = "true",
    };

    /// <summary>The Web in embedded mode on a SQLite file; demo seeding as by default (on) unless <paramref name="seedDemo"/> says.</summary>
    public static AppProcess Embedded(string folder, string name, string sqliteFile, bool? seedDemo = null)
    {
        var settings = Common($"Data Source={sqliteFile}", DatabaseProvider.Sqlite);
        settings["Silo__Hosted"] = "true";
        // The co-hosted silo on ports of its own: a developer's portal may hold the defaults.
        settings["Cluster__SiloPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Cluster__GatewayPort"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (seedDemo is { } seed) settings["Demo__Seed"] = seed ? "true" : "false";
        return new AppProcess(name, AppBinaries.Web, folder, WithFolders(settings, folder));
    }

    /// <summary>Evidence files and mail go to the run's folder, not the app's output folder.</summary>
    public static Dictionary<string, string?> WithFolders(Dictionary<string, string?> settings, string folder)
    {
        settings["Evidence__Folder"] = Path.Combine(folder, "evidence");
        settings["Mail__OutboxFolder"] = Path.Combine(folder, "mail");
        return settings;
    }
}
