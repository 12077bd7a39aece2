using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Procurement.Storage;

/// <summary>
/// Inserts many new rows of one entity type with a few multi-row INSERT statements, on the context's connection and in
/// its transaction, each value converted by its column's EF Core type mapping (the same text, number or binary form
/// SaveChanges writes). For batch work whose rows need no tracking: EF Core's SQLite provider sends one statement per
/// row, which made SaveChanges most of the quarter start's time. Keys the database generates (identity) are left to it.
/// </summary>
public static class BulkInsert
{
    /// <summary>
    /// Bind variables per statement. PostgreSQL allows 65,535 and each statement is a round trip. SQLite allows 32,766, but
    /// Microsoft.Data.Sqlite finds each variable's value by name in a list, so binding grows with the square of their number:
    /// statements of 30,000 made the quarter start twice as slow as SaveChanges; a thousand cost nothing measurable.
    /// </summary>
    private static int MaxParameters(ProcurementDb db) => db.Database.IsSqlite() ? 1_000 : 30_000;

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

    /// <summary>An integer key the database numbers itself (SQLite's rowid alias, PostgreSQL's identity).</summary>
    private static bool IsStoreGenerated(IProperty p) =>
        p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd && (p.ClrType == typeof(long) || p.ClrType == typeof(int));
}
