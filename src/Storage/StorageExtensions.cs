using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Procurement.Storage;

public enum DatabaseProvider { Sqlite, PostgreSql, SqlServer }

public static class StorageExtensions
{
    public const string DefaultSqlite = "Data Source=data/procurement.db";

    public static DatabaseProvider ReadProvider(this IConfiguration config) =>
        Enum.TryParse<DatabaseProvider>(config["Database:Provider"], ignoreCase: true, out var p) ? p : DatabaseProvider.Sqlite;

    /// <summary>
    /// Registers <see cref="ProcurementDb"/> for the provider named by <c>Database:Provider</c> with
    /// <c>ConnectionStrings:Procurement</c>. Contexts are pooled: grains and pages open one per unit of work.
    /// </summary>
    public static IServiceCollection AddProcurementStorage(this IServiceCollection services, IConfiguration config)
    {
        var provider = config.ReadProvider();
        var cs = config.GetConnectionString("Procurement");
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                cs ??= DefaultSqlite;
                EnsureSqliteFolder(cs);
                services.AddDbContextPool<ProcurementDb, SqliteProcurementDb>(o => o
                    .UseSqlite(cs, s => s.MigrationsAssembly(typeof(ProcurementDb).Assembly.FullName))
                    .AddInterceptors(BusyTimeout));
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<ProcurementDb, PostgresProcurementDb>(o => o.UseNpgsql(cs ?? throw Missing()));
                break;
            default:
                throw new InvalidOperationException(
                    "Database:Provider=SqlServer is not available in this build: the package registry these machines reach does not serve " +
                    "Microsoft.SqlServer.Server, which every SQL Server client needs (docs/adr/ADR-003-sql-server.md). Use Sqlite or PostgreSql.");
        }
        return services;
    }

    private static readonly SqliteBusyTimeout BusyTimeout = new();

    private static InvalidOperationException Missing() => new("ConnectionStrings:Procurement is required for a server database.");

    private static void EnsureSqliteFolder(string cs)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}
