using Procurement.Silo.Demo;
using Procurement.Silo.Hosting;
using Procurement.Storage;

namespace Procurement.Silo;

/// <summary>A Silo on its own (distributed mode): grains, scheduler and consumers, with the health endpoint.</summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddProcurementObservability();
        builder.AddSilo();
        var app = builder.Build();
        try
        {
            await app.Services.PrepareDatabaseAsync();
            await DemoSeeding.RunAsync(app.Services, app.Configuration, DemoHost.Silo);
        }
        catch (StartupRefusedException e)
        {
            return e.Report();
        }
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthReportWriter.WriteAsync });
        await app.RunAsync();
        return 0;
    }
}
