using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Storage;

/// <summary>
/// The migrations of each provider and the SQL scripts a database administrator would run instead of letting the Silo
/// migrate: all of it checked without a server (none runs SQL Server here), with the contexts configured as the portal
/// configures them.
/// </summary>
public sealed class MigrationScriptTests
{
    private static PostgresProcurementDb Postgres() =>
        new(new DbContextOptionsBuilder<PostgresProcurementDb>().UseProcurementPostgres("Host=127.0.0.1;Database=unused").Options);

    private static SqliteProcurementDb Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteProcurementDb>().UseProcurementSqlite("Data Source=:memory:").Options);

    private static SqlServerProcurementDb SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerProcurementDb>().UseProcurementSqlServer("Server=127.0.0.1;Database=unused").Options);

    public static TheoryData<string> Providers => [nameof(Sqlite), nameof(Postgres), nameof(SqlServer)];

    private static ProcurementDb Context(string provider) => provider switch
    {
        nameof(Sqlite) => Sqlite(),
        nameof(Postgres) => Postgres(),
        _ => SqlServer(),
    };

    /// <summary>The file tools/sql-scripts.sh writes for the provider.</summary>
    private static string ScriptFile(string provider) => Repository.PathOf(provider switch
    {
        nameof(Sqlite) => "deploy/sql/sqlite.sql",
        nameof(Postgres) => "deploy/sql/postgresql.sql",
        _ => "deploy/sql/sqlserver.sql",
    });

    /// <summary>What <c>dotnet ef migrations script</c> writes: idempotent where the provider can guard statements.</summary>
    private static string Script(ProcurementDb db) => db.GetService<IMigrator>().GenerateScript(
        options: db is SqliteProcurementDb ? MigrationsSqlGenerationOptions.Default : MigrationsSqlGenerationOptions.Idempotent);

    private static string[] Tables(ProcurementDb db) =>
        [.. db.Model.GetRelationalModel().Tables.Select(t => t.Name).Distinct().Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_model_has_no_change_its_provider_migrations_lack(string provider)
    {
        using var db = Context(provider);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model differs from the last migration's snapshot; run tools/ef-migrations.sh");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_checked_in_script_is_what_the_migrations_produce(string provider)
    {
        using var db = Context(provider);
        var file = ScriptFile(provider);
        Assert.True(File.Exists(file), $"{file} is missing; run tools/sql-scripts.sh");
        var checkedIn = File.ReadAllText(file, Encoding.UTF8).ReplaceLineEndings("\n");
        Assert.True(Script(db).ReplaceLineEndings("\n") == checkedIn,
            $"{Path.GetFileName(file)} differs from what the {provider} migrations produce; run tools/sql-scripts.sh and commit the result");
    }

    [Fact]
    public void Every_provider_creates_the_same_tables()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();
        using var sqlServer = SqlServer();
        Assert.True(Tables(sqlite).Length >= 20, $"the model has its tables ({Tables(sqlite).Length})");
        Assert.Equal(Tables(sqlite), Tables(postgres));
        Assert.Equal(Tables(sqlite), Tables(sqlServer));
    }

    [Fact]
    public void The_idempotent_postgresql_script_creates_every_table_of_the_model_each_migration_guarded_by_its_history_row()
    {
        using var db = Postgres();
        var script = Script(db);

        Assert.All(Tables(db), t => Assert.Contains($"CREATE TABLE \"{t}\" (", script, StringComparison.Ordinal));
        Assert.Contains("CREATE TABLE IF NOT EXISTS \"__EFMigrationsHistory\"", script, StringComparison.Ordinal);
        Assert.All(db.Database.GetMigrations(), m =>
            Assert.Contains($"IF NOT EXISTS(SELECT 1 FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = '{m}')", script, StringComparison.Ordinal));
    }

    [Fact]
    public void The_idempotent_sql_server_script_creates_every_table_of_the_model_each_migration_guarded_by_its_history_row()
    {
        using var db = SqlServer();
        var script = Script(db);

        Assert.All(Tables(db), t => Assert.Contains($"CREATE TABLE [{t}] (", script, StringComparison.Ordinal));
        Assert.Contains("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL", script, StringComparison.Ordinal);
        Assert.All(db.Database.GetMigrations(), m =>
            Assert.Contains($"WHERE [MigrationId] = N'{m}'", script, StringComparison.Ordinal));
    }

    [Fact]
    public void Sqlite_has_no_idempotent_script_and_its_plain_script_creates_every_table_of_the_model()
    {
        using var db = Sqlite();
        var migrator = db.GetService<IMigrator>();

        // EF Core's SQLite provider cannot guard statements by the history table (no procedural blocks in SQLite).
        Assert.Throws<NotSupportedException>(() => migrator.GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent));

        var script = migrator.GenerateScript();
        Assert.All(Tables(db), t => Assert.Contains($"CREATE TABLE \"{t}\" (", script, StringComparison.Ordinal));
        Assert.All(db.Database.GetMigrations(), m => Assert.Contains($"VALUES ('{m}',", script, StringComparison.Ordinal));
    }

    [Fact]
    public void On_sql_server_money_is_bigint_fen_times_keep_their_offset_and_versions_are_the_applications_own_token()
    {
        using var db = SqlServer();
        var columns = db.Model.GetEntityTypes().SelectMany(e => e.GetProperties().Select(p => (Entity: e, Property: p))).ToList();

        var money = columns.Where(c => c.Property.Name.EndsWith("Fen", StringComparison.Ordinal)).ToList();
        Assert.True(money.Count >= 8, $"the money columns are found ({money.Count})");
        Assert.All(money, c => Assert.Equal("bigint", c.Property.GetColumnType()));

        var times = columns.Where(c => Nullable.GetUnderlyingType(c.Property.ClrType) is { } t ? t == typeof(DateTimeOffset) : c.Property.ClrType == typeof(DateTimeOffset)).ToList();
        Assert.NotEmpty(times);
        Assert.All(times, c => Assert.Equal("datetimeoffset", c.Property.GetColumnType()));

        var versions = columns.Where(c => c.Property.Name == "Version" && c.Entity.ClrType.Namespace == typeof(Procurement.Storage.Entities.AggregateRoot).Namespace).ToList();
        Assert.Equal(7, versions.Count); // Union, Organization, Project, Contract, Announcement, EvaluatorProfile, Need
        Assert.All(versions, c =>
        {
            Assert.True(c.Property.IsConcurrencyToken, $"{c.Entity.ClrType.Name}.Version is checked on update");
            Assert.Equal("bigint", c.Property.GetColumnType());
            Assert.Equal(ValueGenerated.Never, c.Property.ValueGenerated);
        });
    }

    /// <summary>
    /// SQL Server refuses, when the script runs, an index on <c>nvarchar(max)</c> and warns on keys wider than 1,700 bytes
    /// (900 for a clustered key): every index of the model, the union path's among them, must fit, or the deployment fails
    /// on a server these tests cannot reach.
    /// </summary>
    [Fact]
    public void On_sql_server_every_index_and_key_is_on_bounded_columns_narrow_enough_to_index()
    {
        using var db = SqlServer();
        var model = db.Model.GetRelationalModel();
        var checkedKeys = 0;
        foreach (var table in model.Tables)
        {
            var keys = table.Indexes.Select(i => (Name: i.Name, Columns: i.Columns, Limit: 1_700))
                .Concat(table.UniqueConstraints.Select(u => (Name: u.Name, Columns: u.Columns, Limit: u.GetIsPrimaryKey() ? 900 : 1_700)));
            foreach (var (name, indexColumns, limit) in keys)
            {
                var bytes = indexColumns.Sum(c => Width(c.StoreType));
                Assert.True(bytes <= limit, $"{table.Name}.{name} ({string.Join(", ", indexColumns.Select(c => $"{c.Name} {c.StoreType}"))}) is {bytes} bytes wide, over {limit}");
                checkedKeys++;
            }
        }
        Assert.True(checkedKeys > 40, $"the model's keys and indexes are checked ({checkedKeys})");

        var unionPath = model.FindTable("Projects", null)!.FindColumn("UnionPath")!;
        Assert.Equal("nvarchar(200)", unionPath.StoreType);
        Assert.Contains(model.FindTable("Projects", null)!.Indexes, i => i.Columns[0] == unionPath);
    }

    /// <summary>Bytes a key column takes in SQL Server; unbounded types count as too wide to index.</summary>
    private static int Width(string storeType)
    {
        if (storeType.EndsWith("(max)", StringComparison.Ordinal)) return int.MaxValue / 64;
        var open = storeType.IndexOf('(');
        if (open > 0)
        {
            var length = int.Parse(storeType[(open + 1)..^1]);
            return storeType.StartsWith("nvarchar", StringComparison.Ordinal) || storeType.StartsWith("nchar", StringComparison.Ordinal) ? 2 * length : length;
        }
        return storeType switch
        {
            "uniqueidentifier" => 16,
            "bigint" => 8,
            "int" => 4,
            "smallint" => 2,
            "bit" or "tinyint" => 1,
            "date" => 3,
            "datetimeoffset" => 10,
            "datetime2" => 8,
            _ => throw new InvalidOperationException($"no width known for {storeType}"),
        };
    }
}
