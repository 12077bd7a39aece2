using Procurement.Silo.Demo;
using Procurement.Silo.Hosting;

namespace Procurement.Silo;

/// <summary>A Silo on its own (distributed mode): grains, scheduler and consumers, with the health endpoint.</summary>
public static class SiloProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddProcurementObservability();
        builder.AddSilo();
        var app = builder.Build();
        await app.Services.MigrateDatabaseAsync();
        await DemoSeeding.RunAsync(app.Services, app.Configuration, DemoHost.Silo);
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthReportWriter.WriteAsync });
        await app.RunAsync();
    }
}
