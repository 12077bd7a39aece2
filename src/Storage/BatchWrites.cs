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
    /// statements of 30,000 made the quarter start twice as slow as SaveChanges; a thousand cost nothing measurable.
    /// </summary>
    private static int MaxParameters(ProcurementDb db) => db.Database.IsSqlite() ? 1_000 : 30_000;

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

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = db.Database.GetDbConnection();
            foreach (var chunk in rows.Chunk(MaxParameters(db) / columns.Count))
            {
                await using var command = connection.CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var text = new StringBuilder(head);
                for (var r = 0; r < chunk.Length; r++)
                {
                    text.Append(r == 0 ? "(" : ", (");
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var name = $"p{r}_{c}";
                        text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(name));
                        var (property, _, mapping, get) = columns[c];
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), get.GetClrValue(chunk[r]), property.IsNullable));
                    }
                    text.Append(')');
                }
                command.CommandText = text.ToString();
                await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Bumps the version of each given aggregate whose stored version is still the one it was read with, as one statement
    /// per few hundred (<c>WHERE ("Id", "Version") IN (VALUES …)</c>), and returns how many were bumped: fewer than given
    /// means another writer got there first, and the caller rolls its transaction back.
    /// </summary>
    public static async Task<int> BumpVersionsAsync<T>(this ProcurementDb db, IReadOnlyCollection<T> roots, CancellationToken ct) where T : AggregateRoot
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var id = entity.FindProperty(nameof(AggregateRoot.Id))!;
        var version = entity.FindProperty(nameof(AggregateRoot.Version))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var (idColumn, versionColumn) = (sql.DelimitIdentifier(id.GetColumnName(table)!), sql.DelimitIdentifier(version.GetColumnName(table)!));
        var bumped = 0;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var chunk in roots.Chunk(MaxParameters(db) / 2))
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                var pairs = new StringBuilder();
                for (var r = 0; r < chunk.Length; r++)
                {
                    pairs.Append(r == 0 ? "(" : ", (").Append(sql.GenerateParameterNamePlaceholder($"i{r}")).Append(", ")
                        .Append(sql.GenerateParameterNamePlaceholder($"v{r}")).Append(')');
                    command.Parameters.Add(id.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName($"i{r}"), chunk[r].Id, nullable: false));
                    command.Parameters.Add(version.GetRelationalTypeMapping().CreateParameter(command, sql.GenerateParameterName($"v{r}"), chunk[r].Version, nullable: false));
                }
                command.CommandText = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {versionColumn} = {versionColumn} + 1 " +
                    $"WHERE ({idColumn}, {versionColumn}) IN (VALUES {pairs})";
                bumped += await command.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return bumped;
    }

    /// <summary>An integer key the database numbers itself (SQLite's rowid alias, PostgreSQL's identity).</summary>
    private static bool IsStoreGenerated(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
}
