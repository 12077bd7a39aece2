using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Storage;

/// <summary>
/// Writes for batch work, a few statements for hundreds of rows, on the context's connection and in its transaction, each
/// value converted by its column's EF Core type mapping (the same text, number or binary form SaveChanges writes).
/// EF Core's SQLite provider sends one statement per row, which made SaveChanges most of the quarter start's time.
/// </summary>
public static class BatchWrites
{
    /// <summary>
    /// Bind variables per statement. PostgreSQL allows 65,535 and each statement is a round trip. SQLite allows 32,766, but
    /// Microsoft.Data.Sqlite finds each variable's value by name in a list, so binding grows with the square of their number:
    /// statements of 30,000 made the quarter start twice as slow as SaveChanges; a thousand cost nothing measurable. SQL
    /// Server allows 2,100 per request.
    /// </summary>
    private static int MaxParameters(ProcurementDb db) => db switch { SqliteProcurementDb => 1_000, SqlServerProcurementDb => 2_000, _ => 30_000 };

    /// <summary>SQL Server takes at most 1,000 rows in one INSERT's VALUES list.</summary>
    private const int MaxRows = 1_000;

    /// <summary>New rows of one entity type, which this unit of work does not track; keys the database numbers are left to it.</summary>
    public static async Task InsertAsync<T>(this ProcurementDb db, IReadOnlyCollection<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        if (entity.GetComplexProperties().Any() || entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            throw new InvalidOperationException($"{typeof(T).Name} has complex or owned parts: insert it with SaveChanges.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => !IsStoreGenerated(p))
            .Select(p => (Property: p, Name: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping(), Get: p.GetGetter())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        await ExecuteWithValuesAsync(db, rows, [.. columns.Select(c => (c.Mapping, c.Property.IsNullable, (Func<T, object?>)(row => c.Get.GetClrValue(row))))],
            values => head + values, ct);
    }

    /// <summary>
    /// Bumps the version of each given aggregate whose stored version is still the one it was read with, as one statement
    /// per few hundred (<c>WHERE ("Id", "Version") IN (VALUES …)</c>; SQL Server, which has no row values, joins the VALUES
    /// list instead), and returns how many were bumped: fewer than given means another writer got there first, and the
    /// caller rolls its transaction back.
    /// </summary>
    public static async Task<int> BumpVersionsAsync<T>(this ProcurementDb db, IReadOnlyCollection<T> roots, CancellationToken ct) where T : AggregateRoot
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var id = entity.FindProperty(nameof(AggregateRoot.Id))!;
        var version = entity.FindProperty(nameof(AggregateRoot.Version))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var (idColumn, versionColumn) = (sql.DelimitIdentifier(id.GetColumnName(table)!), sql.DelimitIdentifier(version.GetColumnName(table)!));
        var tableName = sql.DelimitIdentifier(table.Name, table.Schema);
        return await ExecuteWithValuesAsync(db, roots,
            [(id.GetRelationalTypeMapping(), false, root => root.Id), (version.GetRelationalTypeMapping(), false, root => root.Version)],
            values => db is SqlServerProcurementDb
                ? $"UPDATE t SET {versionColumn} = t.{versionColumn} + 1 FROM {tableName} AS t " +
                  $"INNER JOIN (VALUES {values}) AS v({idColumn}, {versionColumn}) ON t.{idColumn} = v.{idColumn} AND t.{versionColumn} = v.{versionColumn}"
                : $"UPDATE {tableName} SET {versionColumn} = {versionColumn} + 1 WHERE ({idColumn}, {versionColumn}) IN (VALUES {values})", ct);
    }

    /// <summary>
    /// Runs <paramref name="statement"/> once per chunk of <paramref name="rows"/>, given the chunk as a VALUES list
    /// (<c>(@p0_0, @p0_1), (@p1_0, @p1_1) …</c>, one tuple a row, one bound variable a field); returns the rows affected.
    /// </summary>
    private static async Task<int> ExecuteWithValuesAsync<T>(ProcurementDb db, IReadOnlyCollection<T> rows,
        IReadOnlyList<(RelationalTypeMapping Mapping, bool Nullable, Func<T, object?> Value)> fields, Func<string, string> statement, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var affected = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in rows.Chunk(Math.Min(MaxRows, MaxParameters(db) / fields.Count)))
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var values = new StringBuilder();
                for (var r = 0; r < chunk.Length; r++)
                {
                    values.Append(r == 0 ? "(" : ", (");
                    for (var f = 0; f < fields.Count; f++)
                    {
                        var name = $"p{r}_{f}";
                        values.Append(f == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                        var (mapping, nullable, value) = fields[f];
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), value(chunk[r]), nullable));
                    }
                    values.Append(')');
                }
                command.CommandText = statement(values.ToString());
                affected += await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return affected;
    }

    /// <summary>An integer key the database numbers itself (SQLite's rowid alias, an identity column on the servers).</summary>
    private static bool IsStoreGenerated(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
}
