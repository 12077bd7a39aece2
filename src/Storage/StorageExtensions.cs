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
        var cs = config.GetConnectionString("Procurement");
        switch (config.ReadProvider())
        {
            case DatabaseProvider.Sqlite:
                cs ??= DefaultSqlite;
                EnsureSqliteFolder(cs);
                services.AddDbContextPool<ProcurementDb, SqliteProcurementDb>(o => o.UseProcurementSqlite(cs));
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = cs ?? throw Missing();
                services.AddDbContextPool<ProcurementDb, PostgresProcurementDb>(o => o.UseProcurementPostgres(postgres));
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = cs ?? throw Missing();
                services.AddDbContextPool<ProcurementDb, SqlServerProcurementDb>(o => o.UseProcurementSqlServer(sqlServer));
                break;
        }
        return services;
    }

    private static readonly SqliteBusyTimeout BusyTimeout = new();

    /// <summary>SQLite as the portal uses it: migrations from this assembly, a busy wait instead of an immediate "locked".</summary>
    public static T UseProcurementSqlite<T>(this T options, string cs) where T : DbContextOptionsBuilder
    {
        options.UseSqlite(cs, s => s.MigrationsAssembly(typeof(ProcurementDb).Assembly.FullName)).AddInterceptors(BusyTimeout);
        return options;
    }

    public static T UseProcurementPostgres<T>(this T options, string cs) where T : DbContextOptionsBuilder
    {
        options.UseNpgsql(cs);
        return options;
    }

    /// <summary>
    /// SQL Server 2022 (compatibility level 160: JSON in <c>nvarchar(max)</c>, not the <c>json</c> type of 2025). No retrying
    /// execution strategy: the grains' own transactions would refuse it, and a grain call already re-runs on a conflict.
    /// </summary>
    public static T UseProcurementSqlServer<T>(this T options, string cs) where T : DbContextOptionsBuilder
    {
        options.UseSqlServer(cs, s => s.UseCompatibilityLevel(160));
        return options;
    }

    private static InvalidOperationException Missing() => new("ConnectionStrings:Procurement is required for a server database.");

    private static void EnsureSqliteFolder(string cs)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(cs).DataSource;
        var dir = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
    }
}
