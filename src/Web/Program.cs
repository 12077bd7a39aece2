using Procurement.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.PrepareAsync();
app.UsePortal();
await app.RunAsync();

/// <summary>Entry point; public so tests can host the portal with WebApplicationFactory.</summary>
public partial class Program;
