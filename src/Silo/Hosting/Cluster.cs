using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Procurement.Silo.Hosting;

/// <summary>The cluster a silo joins or a Web client connects to, read once from configuration (docs/operations.md).</summary>
public sealed record ClusterSettings(string ClusterId, string? Redis, IPAddress AdvertisedIP, int SiloPort, int GatewayPort)
{
    /// <summary>Orleans' service id: the same for every cluster of this product (it keys nothing we share between clusters).</summary>
    public const string ServiceId = "procurement";

    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    public static ClusterSettings From(IConfiguration config)
    {
        var clustering = config["Cluster:Provider"] ?? "Localhost";
        string? redis = null;
        if (clustering.Equals("Redis", StringComparison.OrdinalIgnoreCase))
            redis = config.GetConnectionString("Redis") is { Length: > 0 } cs
                ? cs
                : throw new InvalidOperationException("ConnectionStrings:Redis is required with Cluster:Provider=Redis.");
        else if (!clustering.Equals("Localhost", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Cluster:Provider must be Localhost or Redis, not '{clustering}'.");
        return new ClusterSettings(
            config["Cluster:Id"] is { Length: > 0 } id ? id : "procurement",
            redis,
            Advertised(config["Cluster:AdvertisedIP"] ?? "127.0.0.1"),
            config.GetValue("Cluster:SiloPort", DefaultSiloPort),
            config.GetValue("Cluster:GatewayPort", DefaultGatewayPort));
    }

    /// <summary>An address, or a host name resolved to its first IPv4 address (a container's service name).</summary>
    private static IPAddress Advertised(string value) =>
        IPAddress.TryParse(value, out var ip) ? ip
        : Dns.GetHostAddresses(value).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
          ?? throw new InvalidOperationException($"Cluster:AdvertisedIP '{value}' is neither an address nor a host name with an IPv4 address.");

    /// <summary>A port nobody listens on right now, for hosts that share one machine (tests, the demo seeder).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public static class ClusterClientExtensions
{
    /// <summary>
    /// A Web without a co-hosted silo (<c>Silo:Hosted=false</c>) as an Orleans client of the cluster: it finds the gateways
    /// through the same membership (Redis) and keeps trying to connect while no silo is up yet, so a Web may start first.
    /// </summary>
    public static IClientBuilder ConfigureClusterClient(this IClientBuilder client, IConfiguration config)
    {
        var cluster = ClusterSettings.From(config);
        if (cluster.Redis is { } redis)
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ClusterSettings.ServiceId));
        }
        else
        {
            client.UseLocalhostClustering(cluster.GatewayPort, ClusterSettings.ServiceId, cluster.ClusterId);
        }
        client.Configure<GatewayOptions>(config.GetSection("Cluster:Gateway"));
        client.Configure<ClientMessagingOptions>(config.GetSection("Cluster:Messaging"));
        client.UseConnectionRetryFilter(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            return true;
        });
        client.AddActivityPropagation();
        return client;
    }
}

/// <summary>Healthy while this silo is an active member of its cluster.</summary>
public sealed class SiloHealthCheck(ILocalSiloDetails silo, IClusterMembershipService membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var snapshot = membership.CurrentSnapshot;
        var status = snapshot.GetSiloStatus(silo.SiloAddress);
        var active = snapshot.Members.Values.Count(m => m.Status == SiloStatus.Active);
        var description = $"silo {silo.SiloAddress} {status}; {active} active silo(s) in cluster {silo.ClusterId}";
        return Task.FromResult(status == SiloStatus.Active ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}

/// <summary>A Web client's view: healthy while a gateway answers and the cluster has active silos.</summary>
public sealed class ClusterClientHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), ct);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s): {string.Join(", ", hosts.Keys)}")
                : HealthCheckResult.Unhealthy("connected, but no active silo");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("no gateway answers", e);
        }
    }
}
