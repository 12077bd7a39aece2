using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace Procurement.Storage;

/// <summary>
/// A start the configuration cannot make: the process says why in one line on standard error and exits with code 1,
/// without a stack trace, for the person who set it up.
/// </summary>
public sealed class StartupRefusedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Writes the one line and gives the exit code.</summary>
    public int Report()
    {
        Console.Error.WriteLine(Message);
        return 1;
    }
}

public static class DatabaseReachability
{
    /// <summary>
    /// Opens a connection once, so a process started against a database it cannot reach stops at once with the host and the
    /// settings to check, instead of failing later inside a migration, a grain or a job with a stack trace.
    /// </summary>
    /// <exception cref="StartupRefusedException">The database does not answer or refuses the login.</exception>
    public static async Task EnsureReachableAsync(this ProcurementDb db, CancellationToken ct = default)
    {
        var provider = db switch
        {
            SqlServerProcurementDb => DatabaseProvider.SqlServer,
            PostgresProcurementDb => DatabaseProvider.PostgreSql,
            _ => DatabaseProvider.Sqlite,
        };
        try
        {
            // The connection itself, not EF's: EF would log the failure with its stack trace before this says it in one line.
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await connection.CloseAsync();
        }
        catch (ArgumentException e)
        {
            throw new StartupRefusedException($"ConnectionStrings:Procurement is not a valid connection string for Database:Provider={provider}: {OneLine(e)}", e);
        }
        catch (DbException e)
        {
            throw new StartupRefusedException(
                $"Cannot reach the database at {db.Database.GetDbConnection().DataSource} (Database:Provider={provider}, ConnectionStrings:Procurement): {OneLine(e)}", e);
        }
    }

    private static string OneLine(Exception e) => string.Join(' ', e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
