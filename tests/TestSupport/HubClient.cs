using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Procurement.Tests.Support;

/// <summary>
/// A minimal SignalR client (JSON hub protocol over WebSockets) for tests: the client package cannot be restored from the
/// registry copy here. It records every "event" message the hub sends.
/// </summary>
public sealed class HubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket socket = new();
    private readonly CancellationTokenSource stop = new();
    private Task? receiving;

    public ConcurrentQueue<JsonElement> Events { get; } = new();

    /// <summary>Raised on the receiving loop as each event arrives (a benchmark times arrivals with it).</summary>
    public event Action<JsonElement>? Received;

    public static async Task<HubClient> ConnectAsync(Uri baseAddress, string? bearer)
    {
        var client = new HubClient();
        using var http = new HttpClient { BaseAddress = baseAddress };
        if (bearer is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var negotiate = await (await http.PostAsync("/hubs/events/negotiate?negotiateVersion=1", null)).EnsureSuccessStatusCode()
            .Content.ReadFromJsonAsync<JsonElement>();
        var token = negotiate.GetProperty("connectionToken").GetString();

        if (bearer is not null) client.socket.Options.SetRequestHeader("Authorization", "Bearer " + bearer);
        var ws = new UriBuilder(baseAddress) { Scheme = "ws", Path = "/hubs/events", Query = "id=" + Uri.EscapeDataString(token!) }.Uri;
        await client.socket.ConnectAsync(ws, CancellationToken.None);
        await client.SendAsync("{\"protocol\":\"json\",\"version\":1}");
        var handshake = await client.ReceiveFrameAsync(CancellationToken.None);
        if (handshake.Contains("error")) throw new InvalidOperationException("Handshake refused: " + handshake);
        client.receiving = client.ReceiveLoopAsync();
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

    private Task SendAsync(string json) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(json + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task<string> ReceiveFrameAsync(CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) return "";
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        } while (!result.EndOfMessage);
        return text.ToString();
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                foreach (var frame in (await ReceiveFrameAsync(stop.Token)).Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                {
                    using var doc = JsonDocument.Parse(frame);
                    var root = doc.RootElement;
                    if (root.GetProperty("type").GetInt32() == 1 && root.GetProperty("target").GetString() == "event")
                    {
                        var e = root.GetProperty("arguments")[0].Clone();
                        Events.Enqueue(e);
                        Received?.Invoke(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (socket.State == WebSocketState.Open)
        {
            try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None); }
            catch (WebSocketException) { }
        }
        if (receiving is not null) await receiving;
        socket.Dispose();
    }
}
