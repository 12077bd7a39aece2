using Procurement.Storage;
using Procurement.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
try
{
    await app.PrepareAsync();
}
catch (StartupRefusedException e)
{
    return e.Report();
}
app.UsePortal();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so tests can host the portal with WebApplicationFactory.</summary>
public partial class Program;
