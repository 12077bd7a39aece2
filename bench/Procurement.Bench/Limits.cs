using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Procurement.Bench;

/// <summary>
/// The machine's raw limits, measured in the same run as the platform and with the same durability settings: what the
/// platform's figures are read against (docs/performance.md).
/// </summary>
public static class Limits
{
    /// <summary>
    /// Single-row commits per second on SQLite by one writer, in a file next to the platform's database, with the
    /// platform's journal mode (WAL) and the synchronous level its connections actually run with (read from the platform's
    /// database, not assumed).
    /// </summary>
    public static async Task<(double CommitsPerSecond, string Settings)> SqliteCommitsAsync(string platformDatabase, TimeSpan duration)
    {
        string synchronous;
        await using (var platform = new SqliteConnection($"Data Source={platformDatabase}"))
        {
            await platform.OpenAsync();
            synchronous = Scalar(platform, "PRAGMA synchronous") switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", var v => v };
        }
        var file = Path.Combine(Path.GetDirectoryName(platformDatabase)!, "raw-limit.db");
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        Scalar(connection, "PRAGMA journal_mode=WAL");
        Scalar(connection, $"PRAGMA synchronous={synchronous}");
        Scalar(connection, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)");
        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO t (payload) VALUES ($p)";
        var payload = insert.Parameters.Add("$p", SqliteType.Blob);
        payload.Value = new byte[256];
        insert.Prepare();
        var commits = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            insert.ExecuteNonQuery();
            tx.Commit();
            commits++;
        }
        var rate = commits / clock.Elapsed.TotalSeconds;
        connection.Close(); // unpooled: the file is released
        foreach (var f in Directory.GetFiles(Path.GetDirectoryName(file)!, "raw-limit.db*")) File.Delete(f);
        return (rate, $"WAL, synchronous={synchronous}, 1 writer, 1 row per commit");
    }

    /// <summary>Single-row autocommit INSERTs per second on PostgreSQL from <paramref name="connections"/> connections.</summary>
    public static async Task<double> PostgresCommitsAsync(string connectionString, int connections, TimeSpan duration)
    {
        await using (var setup = new NpgsqlConnection(connectionString))
        {
            await setup.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS raw_limit (id bigserial PRIMARY KEY, payload bytea NOT NULL)", setup);
            await create.ExecuteNonQueryAsync();
        }
        var commits = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand("INSERT INTO raw_limit (payload) VALUES ($1)", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = new byte[256] });
            await insert.PrepareAsync();
            while (clock.Elapsed < duration)
            {
                await insert.ExecuteNonQueryAsync();
                Interlocked.Increment(ref commits);
            }
        }));
        var rate = commits / clock.Elapsed.TotalSeconds;
        await using (var cleanup = new NpgsqlConnection(connectionString))
        {
            await cleanup.OpenAsync();
            await using var drop = new NpgsqlCommand("DROP TABLE raw_limit", cleanup);
            await drop.ExecuteNonQueryAsync();
        }
        return rate;
    }

    /// <summary>
    /// Sequential request → reply round trips through RabbitMQ as the platform uses it: durable queues, persistent
    /// messages, publisher confirms, manual acks. Returns the latency samples.
    /// </summary>
    public static async Task<Samples> RabbitRoundTripsAsync(string amqpUri, int roundTrips)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync("raw-limit");
        var confirmed = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
        await using var client = await connection.CreateChannelAsync(confirmed);
        await using var server = await connection.CreateChannelAsync(confirmed);
        const string requests = "raw-limit.requests", replies = "raw-limit.replies";
        foreach (var queue in new[] { requests, replies }) await client.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: true);
        var persistent = new BasicProperties { Persistent = true };

        var answering = new AsyncEventingBasicConsumer(server);
        answering.ReceivedAsync += async (_, delivery) =>
        {
            await server.BasicPublishAsync("", replies, false, persistent, delivery.Body.ToArray());
            await server.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await server.BasicConsumeAsync(requests, autoAck: false, answering);

        TaskCompletionSource? waiting = null;
        var receiving = new AsyncEventingBasicConsumer(client);
        receiving.ReceivedAsync += async (_, delivery) =>
        {
            await client.BasicAckAsync(delivery.DeliveryTag, false);
            waiting?.TrySetResult();
        };
        await client.BasicConsumeAsync(replies, autoAck: false, receiving);

        var samples = new Samples();
        var body = new byte[256];
        for (var i = 0; i < roundTrips; i++)
        {
            waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var started = Stopwatch.GetTimestamp();
            await client.BasicPublishAsync("", requests, false, persistent, body);
            await waiting.Task.WaitAsync(TimeSpan.FromSeconds(30));
            if (i >= roundTrips / 20) samples.Add(Stopwatch.GetElapsedTime(started)); // the first 5 % warm up
        }
        return samples;
    }

    private static string Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }
}
