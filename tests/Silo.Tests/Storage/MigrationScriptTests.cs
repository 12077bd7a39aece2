using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Storage;

/// <summary>
/// The SQL scripts a database administrator would run instead of letting the Silo migrate: generated from the committed
/// migrations of each provider, without a server, and checked to create every table of the model.
/// </summary>
public sealed class MigrationScriptTests
{
    private static PostgresProcurementDb Postgres() =>
        new(new DbContextOptionsBuilder<PostgresProcurementDb>().UseNpgsql("Host=127.0.0.1;Database=unused").Options);

    private static SqliteProcurementDb Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteProcurementDb>()
            .UseSqlite("Data Source=:memory:", s => s.MigrationsAssembly(typeof(ProcurementDb).Assembly.FullName)).Options);

    private static string[] Tables(ProcurementDb db) =>
        [.. db.Model.GetRelationalModel().Tables.Select(t => t.Name).Distinct().Order(StringComparer.Ordinal)];

    [Fact]
    public void The_idempotent_postgresql_script_creates_every_table_of_the_model_each_migration_guarded_by_its_history_row()
    {
        using var db = Postgres();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var tables = Tables(db);
        Assert.True(tables.Length >= 20, $"the model has its tables ({tables.Length})");
        Assert.All(tables, t => Assert.Contains($"CREATE TABLE \"{t}\" (", script, StringComparison.Ordinal));
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", script, StringComparison.Ordinal);
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.All(migrations, m => Assert.Contains($"IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{m}')", script, StringComparison.Ordinal));
    }

    [Fact]
    public void Sqlite_has_no_idempotent_script_and_its_plain_script_creates_every_table_of_the_model()
    {
        using var db = Sqlite();
        var migrator = db.GetService<IMigrator>();

        // EF Core's SQLite provider cannot guard statements by the history table (no procedural blocks in SQLite).
        Assert.Throws<NotSupportedException>(() => migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));

        var script = migrator.GenerateScript();
        var tables = Tables(db);
        Assert.Equal(Tables(Postgres()), tables);
        Assert.All(tables, t => Assert.Contains($"CREATE TABLE \"{t}\" (", script, StringComparison.Ordinal));
        Assert.All(db.Database.GetMigrations(), m => Assert.Contains($"VALUES ('{m}',", script, StringComparison.Ordinal));
    }
}
