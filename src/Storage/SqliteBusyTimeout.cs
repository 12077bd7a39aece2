using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Procurement.Storage;

/// <summary>
/// Lets SQLite itself wait for the write lock. Microsoft.Data.Sqlite never sets SQLite's busy timeout: when another
/// connection holds the lock it sleeps 150 ms and retries, so two writers a millisecond apart cost the second one
/// 150 ms. With <c>busy_timeout</c> set, SQLite retries within a few milliseconds of the lock being released
/// (docs/performance.md measured the difference on sealed bids).
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    /// <summary>How long a writer waits for the lock before SQLite reports it busy (then Microsoft.Data.Sqlite's own retry runs).</summary>
    public const int Milliseconds = 10_000;

    private static readonly string Pragma = $"PRAGMA busy_timeout = {Milliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
