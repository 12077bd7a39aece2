using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Silo.Demo.Province;

namespace Procurement.Bench.Scenarios;

/// <summary>
/// 职工点菜 at scale, embedded (one process, SQLite): the needs board and a need's page at 50 users on the province dataset
/// with 100,000 needs and 1,000,000 supports, beside the minimal endpoint of the same run; then a burst of 1,000
/// beneficiaries' answers in 10 s, from twenty addresses as a session's phones would send them, every one accepted and stored.
/// </summary>
public static class NeedScenarios
{
    public static async Task RunAsync(Run run)
    {
        var folder = run.Sub("needs");
        var file = Path.Combine(folder, "procurement.db");
        var label = run.Quick ? "small province" : "province";
        await using var db = await Datasets.PrepareSqliteAsync(run, folder, file, run.Quick ? DatasetSize.Small : DatasetSize.Province, label);
        var (needs, supports) = run.Quick ? (10_000, 100_000) : (100_000, 1_000_000);
        var generated = await NeedsDataset.GenerateAsync(db, needs, supports, Run.Seed, DateTimeOffset.UtcNow, new ConsoleProgressBar());
        run.Results.Add(new Figure("dataset", $"generate needs ({label})", generated.Elapsed.TotalSeconds, "s",
            Note: $"{needs:#,0} needs, {supports:#,0} supports (skewed: a few needs draw most)"));

        var web = AppSettings.Embedded(folder, "web-needs", file);
        web.Start();
        await web.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        try
        {
            var popular = await db.QueryAsync(d => d.Needs.AsNoTracking().Where(n => n.Status == NeedStatus.Accepted)
                .OrderByDescending(n => n.Supports).Select(n => n.Id).Take(200).ToArrayAsync());
            var category = Uri.EscapeDataString(NeedCatalog.Categories[0]);
            var group = Uri.EscapeDataString(NeedCatalog.Groups[0]);
            await EmbeddedScenarios.PagesAsync(run, "needs board", web, "province@demo.local",
            [
                ("needs board", i => $"/needs?page={1 + i % 3}"),
                ("needs board, filtered", i => $"/needs?category={category}&group={group}&page={1 + i % 2}"),
                ("need page (most supported)", i => $"/needs/{popular[i % popular.Length]}"),
            ]);
            await FeedbackBurstAsync(run, web, db);
        }
        finally
        {
            await web.StopAsync();
        }
    }

    /// <summary>
    /// 1,000 answers started at 100 a second (open loop) on one running contract, each from a device of its own and one of
    /// twenty loopback addresses (50 each, under the per-address limit); then the rows are counted.
    /// </summary>
    private static async Task FeedbackBurstAsync(Run run, AppProcess web, IServiceProvider db)
    {
        const int Count = 1_000, Addresses = 20;
        var contractId = await db.QueryAsync(d => d.Contracts.Where(c => c.Status == ContractStatus.Active).Select(c => c.Id).FirstAsync());
        var before = await db.QueryAsync(d => d.Feedback.CountAsync(f => f.ContractId == contractId));
        var clients = Enumerable.Range(0, Addresses).Select(a => From(web.BaseAddress, $"127.0.0.{100 + a}")).ToArray();
        var latency = new Samples();
        var failures = 0;
        string? firstFailure = null;
        var took = await Load.PacedAsync("feedback burst", Count / 10.0, Count, async n =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contracts/{contractId}/feedback")
            {
                Content = JsonContent.Create(new { satisfaction = 1 + n % 5, wouldRecommend = n % 3 != 0, improve = n % 7 == 0 ? "希望活动时间更灵活。" : null }),
                Headers = { { "X-Device-Id", $"bench-device-{n:D6}-{Guid.NewGuid():N}" } },
            };
            var clock = Stopwatch.StartNew();
            using var response = await clients[n % Addresses].SendAsync(request);
            lock (latency) latency.Add(clock.Elapsed);
            if (response.StatusCode != HttpStatusCode.NoContent && Interlocked.Increment(ref failures) == 1)
                firstFailure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        });
        foreach (var c in clients) c.Dispose();
        var stored = await db.QueryAsync(d => d.Feedback.CountAsync(f => f.ContractId == contractId)) - before;
        run.Results.Add(new Figure("feedback burst", "answers accepted and stored", stored, "answers",
            Goal: Goal.AtLeast(Count, $"all {Count:#,0}"), Note: $"{Count:#,0} sent in {took.TotalSeconds:0.0} s from {Addresses} addresses; {failures} refused{(firstFailure is null ? "" : ": " + firstFailure)}"));
        run.Results.Add(new Figure("feedback burst", "answer latency p95", latency.Percentile(95), "ms", Note: $"p50 {latency.Percentile(50):0.0} ms"));
        if (stored != Count - failures) throw new InvalidOperationException($"{Count - failures} answers accepted but {stored} stored: answers were lost");
    }

    /// <summary>A client whose connections leave from <paramref name="address"/>, as another phone's would.</summary>
    private static HttpClient From(Uri baseAddress, string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
