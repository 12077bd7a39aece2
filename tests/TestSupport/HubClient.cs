using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Procurement.Tests.Support;

/// <summary>
/// A reader of the live feed (<c>/hubs/events</c>) on the SignalR client, as a browser would be over WebSockets, signed in
/// with a bearer token or anonymous. It records every "event" the hub sends, so a test can ask what arrived.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private readonly HubConnection connection;

    private HubClient(HubConnection connection)
    {
        this.connection = connection;
        connection.On<JsonElement>("event", e =>
        {
            Events.Enqueue(e);
            Received?.Invoke(e);
        });
        connection.On("notices", () => Interlocked.Increment(ref noticeSignals));
    }

    private int noticeSignals;

    /// <summary>How often this person was told that new notices of theirs were written.</summary>
    public int NoticeSignals => Volatile.Read(ref noticeSignals);

    public ConcurrentQueue<JsonElement> Events { get; } = new();

    /// <summary>Raised as each event arrives (a benchmark times arrivals with it).</summary>
    public event Action<JsonElement>? Received;

    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string? bearer)
    {
        var client = new HubClient(new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, "/hubs/events"), HttpTransportType.WebSockets, o =>
            {
                if (bearer is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(bearer);
            })
            .Build());
        await client.connection.StartAsync();
        return client;
    }

    /// <summary>Waits until an event satisfying <paramref name="match"/> has arrived; returns it, or null after the timeout.</summary>
    public async Task<JsonElement?> WaitForAsync(Func<JsonElement, bool> match, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            foreach (var e in Events) if (match(e)) return e;
            await Task.Delay(50);
        }
        return null;
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
