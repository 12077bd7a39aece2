using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Procurement.Storage;

namespace Procurement.Tools.EfDesign;

// Used only by `dotnet ef` while scaffolding migrations and writing scripts: no database is opened, so these
// connection strings never need a running server (docs/ef-migrations.md). The provider options are the portal's own.

public sealed class SqliteProcurementDbFactory : IDesignTimeDbContextFactory<SqliteProcurementDb>
{
    public SqliteProcurementDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteProcurementDb>().UseProcurementSqlite("Data Source=design.db").Options);
}

public sealed class PostgresProcurementDbFactory : IDesignTimeDbContextFactory<PostgresProcurementDb>
{
    public PostgresProcurementDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresProcurementDb>().UseProcurementPostgres("Host=localhost;Database=design").Options);
}

public sealed class SqlServerProcurementDbFactory : IDesignTimeDbContextFactory<SqlServerProcurementDb>
{
    public SqlServerProcurementDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerProcurementDb>().UseProcurementSqlServer("Server=localhost;Database=design").Options);
}
