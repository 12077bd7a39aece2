using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Grains;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>
/// One real Silo: the generic host with <c>AddSilo</c> exactly as a Silo process wires it (an Orleans silo in a cluster of
/// its own, on free loopback ports), on a <see cref="TestDatabase"/>, migrated and started.
/// </summary>
public sealed class SiloNode : IAsyncDisposable
{
    private readonly IHost host;

    private SiloNode(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    /// <summary>Calls this node re-ran after a version conflict.</summary>
    public GrainConflicts Conflicts => Services.GetRequiredService<GrainConflicts>();

    /// <param name="dispatch">Value of <c>Outbox:Dispatch</c>: false leaves committed events in the outbox, like a node that died before publishing.</param>
    /// <param name="bus">Adds the test's own consumers, as a co-hosting Web does.</param>
    /// <param name="services">Registers test services (probes) the test's grains or consumers take.</param>
    /// <param name="clock">Replaces the domain clock the grains, jobs and consumers read (Orleans keeps the real one).</param>
    /// <param name="settings">Configuration of the test's own (e.g. <c>Mail:OutboxFolder</c>), over the defaults above.</param>
    /// <param name="beforeStart">Runs on the migrated database before the host starts, as a Silo process seeds the demo.</param>
    public static async Task<SiloNode> StartAsync(
        TestDatabase database,
        bool dispatch = true,
        Action<IBusRegistrationConfigurator>? bus = null,
        Action<IServiceCollection>? services = null,
        TimeProvider? clock = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<IServiceProvider, Task>? beforeStart = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Logging.ClearProviders();
        if (TestContext.Current.TestOutputHelper is { } output) builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Procurement"] = database.ConnectionString,
            ["Outbox:Dispatch"] = dispatch ? "true" : "false",
            ["Scheduler:PollInterval"] = "00:00:01",
            // Each node a one-silo cluster of its own: nodes on one database are separate silos, as after a split.
            ["Cluster:Id"] = $"test-{Guid.NewGuid():N}",
            ["Cluster:SiloPort"] = ClusterSettings.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = ClusterSettings.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSilo(bus);
        services?.Invoke(builder.Services);
        if (clock is not null) builder.Services.AddKeyedSingleton(DomainClock.Key, clock);

        var host = builder.Build();
        try
        {
            await host.Services.PrepareDatabaseAsync();
            if (beforeStart is not null) await beforeStart(host.Services);
            await host.StartAsync(TestContext.Current.CancellationToken);
            return new SiloNode(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// For <c>settings:</c> — the node runs no job server, so no job fires under the test (Hangfire schedules on the real
    /// clock while the grains read the test's): a test runs the jobs it means to by hand (<see cref="RunJobAsync{T}"/>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> HeldScheduler = new Dictionary<string, string?> { ["Scheduler:Run"] = "false" };

    /// <summary>Runs a scheduled job's work now, on a unit of work of its own, as the job server would; returns what it says it did.</summary>
    public async Task<JobOutcome> RunJobAsync<T>() where T : class
    {
        await using var scope = Services.CreateAsyncScope();
        var job = ActivatorUtilities.CreateInstance<T>(scope.ServiceProvider);
        return await (Task<JobOutcome>)typeof(T).GetMethod("RunAsync")!.Invoke(job, [TestContext.Current.CancellationToken])!;
    }

    /// <summary>Runs <paramref name="work"/> on a unit of work of its own, like a page reading the tables.</summary>
    public async Task<T> DbAsync<T>(Func<ProcurementDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ProcurementDb>());
    }

    public Task DbAsync(Func<ProcurementDb, Task> work) => DbAsync(async db =>
    {
        await work(db);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            // A hosted service that ignores the token would hang the suite: fail the test that stopped the node instead.
            await host.StopAsync(stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            host.Dispose();
        }
    }
}
