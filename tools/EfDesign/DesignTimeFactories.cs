using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Procurement.Storage;

namespace Procurement.Tools.EfDesign;

// Used only by `dotnet ef` while scaffolding migrations: no database is opened, so
// these connection strings never need a running server (see docs/ef-migrations.md).

public sealed class SqliteProcurementDbFactory : IDesignTimeDbContextFactory<SqliteProcurementDb>
{
    public SqliteProcurementDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteProcurementDb>()
            .UseSqlite("Data Source=design.db")
            .Options);
}

public sealed class PostgresProcurementDbFactory : IDesignTimeDbContextFactory<PostgresProcurementDb>
{
    public PostgresProcurementDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresProcurementDb>()
            .UseNpgsql("Host=localhost;Database=design;Username=x;Password=x")
            .Options);
}
