using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Procurement.Storage;

/// <summary>
/// A lock every process on the same server database sees: a PostgreSQL advisory lock (<see cref="Key"/>) or a SQL Server
/// application lock (<see cref="Name"/>). SQLite needs none: one process owns the file and its write transactions take turns.
/// </summary>
public sealed record DatabaseLock(string Name, long Key)
{
    /// <summary>Silos started together migrate the database (and install the scheduler's tables) one at a time.</summary>
    public static readonly DatabaseLock Migration = new("procurement:migration", 7_270_326_002);

    /// <summary>Any number of Silos started with <c>Demo:Seed=true</c> seed once between them.</summary>
    public static readonly DatabaseLock DemoSeed = new("procurement:demo-seed", 7_270_326_000);

    /// <summary>A second generator of the province dataset waits for the first, then finds its data.</summary>
    public static readonly DatabaseLock Dataset = new("procurement:dataset", 7_270_326_001);

    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Takes the lock on the context's connection, opened here and held open until the returned handle is disposed, which
    /// releases it. A holder may keep it for minutes, so this polls rather than waits in one command that could time out;
    /// <paramref name="waiting"/> is called once if it has to wait. On SQLite it takes nothing.
    /// </summary>
    public async Task<IAsyncDisposable> HoldAsync(ProcurementDb db, Action? waiting = null, CancellationToken ct = default)
    {
        if (db is SqliteProcurementDb) return Released.Instance;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            while (!await TryTakeAsync(db, ct))
            {
                waiting?.Invoke();
                waiting = null;
                await Task.Delay(Poll, ct);
            }
        }
        catch
        {
            await db.Database.CloseConnectionAsync();
            throw;
        }
        return new Held(this, db);
    }

    /// <summary>Takes the lock for the context's current transaction, waiting as long as the command timeout allows; commit or rollback releases it.</summary>
    public Task InTransactionAsync(ProcurementDb db, CancellationToken ct) => db switch
    {
        PostgresProcurementDb => ScalarAsync(db, $"SELECT pg_advisory_xact_lock({Key})", ct),
        SqlServerProcurementDb => ScalarAsync(db, $"EXEC sp_getapplock @Resource = N'{Name}', @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = -1", ct),
        _ => Task.CompletedTask,
    };

    private async Task<bool> TryTakeAsync(ProcurementDb db, CancellationToken ct) =>
        Convert.ToInt32(await ScalarAsync(db, db is SqlServerProcurementDb
            ? $"DECLARE @r int; EXEC @r = sp_getapplock @Resource = N'{Name}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; " +
              "SELECT CASE WHEN @r >= 0 THEN 1 ELSE 0 END"
            : $"SELECT CASE WHEN pg_try_advisory_lock({Key}) THEN 1 ELSE 0 END", ct)) == 1;

    private Task<object?> ReleaseAsync(ProcurementDb db) => ScalarAsync(db, db is SqlServerProcurementDb
        ? $"EXEC sp_releaseapplock @Resource = N'{Name}', @LockOwner = 'Session'"
        : $"SELECT pg_advisory_unlock({Key})", CancellationToken.None);

    private static async Task<object?> ScalarAsync(ProcurementDb db, string sql, CancellationToken ct)
    {
        await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? command.CommandTimeout;
        return await command.ExecuteScalarAsync(ct);
    }

    private sealed class Held(DatabaseLock held, ProcurementDb db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await held.ReleaseAsync(db);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class Released : IAsyncDisposable
    {
        public static readonly Released Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
