using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Infrastructure;

/// <summary>
/// A SQLite file of its own in the temp folder. Every <see cref="SiloNode"/> started on it shares it, which is
/// how a test gets "two nodes on one database". The file and its WAL companions are deleted on dispose.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public string FilePath { get; } = Path.Combine(Path.GetTempPath(), $"procurement-silo-tests-{Guid.NewGuid():N}.db");

    public string ConnectionString => $"Data Source={FilePath}";

    /// <summary>A unit of work on the file with no node running, to look at what a stopped node left behind.</summary>
    public ProcurementDb Open() => new SqliteProcurementDb(new DbContextOptionsBuilder<SqliteProcurementDb>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        // Pooled connections keep the file open; release them so the delete really frees the space.
        using (var connection = new SqliteConnection(ConnectionString)) SqliteConnection.ClearPool(connection);
        foreach (var file in new[] { FilePath, FilePath + "-wal", FilePath + "-shm", FilePath + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A connection still closing holds it a moment longer; the temp folder is cleaned anyway.
            }
        }
    }
}
