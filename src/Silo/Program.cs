using Procurement.Silo.Hosting;

// A Silo on its own (distributed mode): grains, scheduler and consumers, with the health endpoint.
var builder = WebApplication.CreateBuilder(args);
builder.AddSilo();
var app = builder.Build();
await app.Services.MigrateDatabaseAsync();
app.MapHealthChecks("/health");
await app.RunAsync();
