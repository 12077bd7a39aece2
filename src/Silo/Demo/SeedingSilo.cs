using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Silo.Hosting;

namespace Procurement.Silo.Demo;

/// <summary>
/// A silo of its own for seeding: the real grains on the same database, in a one-silo cluster on free loopback ports,
/// whose domain clock is the seeder's <see cref="DemoClock"/>. The process's own silo keeps the real clock (its jobs would act on
/// the demo's past deadlines under the seeder), and in distributed mode the seeding never touches the real cluster.
/// </summary>
internal sealed class SeedingSilo(IHost host) : IAsyncDisposable
{
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<SeedingSilo> StartAsync(IConfiguration config, DemoClock clock, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(config);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:Provider"] = "Localhost",
            ["Cluster:Id"] = $"demo-seeding-{Guid.NewGuid():N}",
            ["Cluster:SiloPort"] = ClusterSettings.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = ClusterSettings.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddKeyedSingleton<TimeProvider>(DomainClock.Key, clock);
        builder.Services.AddGrainServices(builder.Configuration);
        builder.UseOrleans(silo => silo.ConfigureCluster(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync(ct);
        return new SeedingSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
