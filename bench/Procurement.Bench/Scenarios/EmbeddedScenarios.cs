using System.Diagnostics;
using Procurement.Integration.Tests.Infrastructure;
using Procurement.Silo.Demo.Province;
using Procurement.Storage;

namespace Procurement.Bench.Scenarios;

/// <summary>
/// Embedded mode, as a newcomer runs it (one process, SQLite, in-memory bus) on the province-scale dataset: cold start,
/// the portal's pages at 50 concurrent users beside a minimal endpoint of the same process, and sealed bids end to end
/// beside SQLite's raw single-row commit rate.
/// </summary>
public static class EmbeddedScenarios
{
    public static async Task RunAsync(Run run)
    {
        var folder = run.Sub("embedded");
        var file = Path.Combine(folder, "procurement.db");
        var label = run.Quick ? "small province" : "province";
        await using var db = await Datasets.PrepareSqliteAsync(run, folder, file, run.Quick ? DatasetSize.Small : DatasetSize.Province, label);

        var web = AppSettings.Embedded(folder, "web-embedded", file);
        var clock = Stopwatch.StartNew();
        web.Start();
        await web.WaitHealthyAsync(TimeSpan.FromMinutes(2));
        run.Results.Add(new Figure("embedded start", "cold start to /health 200", clock.Elapsed.TotalSeconds, "s",
            Goal: Goal.AtMost(5, "≤ 5 s"), Note: $"existing database with the {label} dataset; /health polled every 0.2 s"));
        try
        {
            await PagesAsync(run, "portal pages", web, db);
            await BidsAsync(run, "sealed bids, embedded", web, db, (await Limits.SqliteCommitsAsync(file, run.Window)) switch
            {
                var (rate, settings) => ("SQLite commits/s", rate, settings),
            });
        }
        finally
        {
            await web.StopAsync();
        }
    }

    /// <summary>
    /// Each page alone at <see cref="Run.Users"/> concurrent users, after the same for the minimal endpoint. A user reads
    /// a page for about a second before the next (<see cref="Think"/>); then the slowest answer when every user clicks in
    /// the same instant, and each page's capacity at full speed.
    /// </summary>
    public static async Task PagesAsync(Run run, string scenario, AppProcess web, IServiceProvider db)
    {
        var sample = await Workload.PortalAsync(db);
        var category = Uri.EscapeDataString(sample.Category);
        await PagesAsync(run, scenario, web, sample.AdminEmail,
        [
            ("project list, filtered", i => $"/projects?status=Published&category={category}&page={1 + i % 3}"),
            ("project page", i => $"/projects/{sample.ProjectIds[i % sample.ProjectIds.Length]}"),
            ("contract page", i => $"/contracts/{sample.ContractIds[i % sample.ContractIds.Length]}"),
            ("union dashboard", _ => "/dashboard"),
            ("union workbench (work queues)", _ => "/workbench"),
        ]);
    }

    /// <summary>The given pages, read by <paramref name="reader"/>'s account, measured as <see cref="PagesAsync(Run, string, AppProcess, IServiceProvider)"/> says.</summary>
    public static async Task PagesAsync(Run run, string scenario, AppProcess web, string reader, IReadOnlyList<(string Name, Func<long, string> Path)> pages)
    {
        using var api = new ApiClient(web.BaseAddress);
        var token = await api.TokenAsync(reader);
        var window = run.Window / 2;

        // Steady state first: every page at full speed until the runtime has compiled its hot code (tiered JIT).
        await Load.ClosedLoopAsync("warm-up", run.Users, run.WarmUp, (w, i) => i % (pages.Count + 1) == pages.Count
            ? api.GetAsync("/health/live")
            : api.GetAsync(pages[(int)(i % (pages.Count + 1))].Path(w * 7919 + i), token));
        var counters = run.Sub("counters-" + string.Concat(scenario.Where(char.IsLetterOrDigit)));
        var minimal = await MeasureAsync(run, api, web, counters, "minimal endpoint", window, (_, _) => api.GetAsync("/health/live"));
        var limit = minimal.Outcome.Latency.Percentile(95);
        run.Results.Add(new Figure(scenario, "minimal endpoint p95", limit, "ms",
            Note: $"{minimal.Outcome.PerSecond:0} req/s, {run.Users} users; {minimal.Timings.SlowestSplit()}"));

        foreach (var (name, path) in pages)
        {
            var (outcome, timings, server, client) = await MeasureAsync(run, api, web, counters, name, window, (w, i) => api.GetAsync(path(w * 7919 + i), token));
            Fail(outcome, name);
            run.Results.Add(new Figure(scenario, $"{name} p95", outcome.Latency.Percentile(95), "ms", "minimal endpoint p95", limit,
                Goal.AtMost(50, "p95 ≤ 50 ms"), $"{outcome.PerSecond:0} pages/s, p50 {outcome.Latency.Percentile(50):0.0} ms, {run.Users} users, {reader}"));
            // The server's own time of the same requests (Server-Timing) and the rest of the wait, to tell a slow page from a
            // slow path to it; with what the runtime of each side did meanwhile.
            run.Results.Add(new Figure(scenario, $"{name} server p95", timings.ServerPercentile(95), "ms",
                Note: $"p50 {timings.ServerPercentile(50):0.0} ms"));
            run.Results.Add(new Figure(scenario, $"{name} gap p95", timings.GapPercentile(95), "ms",
                Note: $"client wait − server time; {timings.SlowestSplit()}; web: {server}; benchmark client: {client}"));
            var (burst, failure) = await Load.BurstAsync(run.Users, w => api.GetAsync(path(w * 7919), token));
            if (failure is not null) throw new InvalidOperationException($"{name}, burst: {failure}");
            run.Results.Add(new Figure(scenario, $"{name}, {run.Users} at once: slowest", burst.Percentile(100), "ms",
                Note: $"every user clicks in the same instant; median {burst.Percentile(50):0} ms"));
            var flat = await Load.ClosedLoopAsync(name + " at full speed", run.Users, window / 2, (w, i) => api.GetAsync(path(w * 7919 + i), token));
            Fail(flat, name);
            run.Results.Add(new Figure(scenario, $"{name} capacity", flat.PerSecond, "pages/s",
                Note: $"{run.Users} clients without pause: p50 {flat.Latency.Percentile(50):0} ms, p95 {flat.Latency.Percentile(95):0} ms"));
        }
    }

    /// <summary>
    /// <see cref="Run.Users"/> people reading pages for <paramref name="window"/>, with each request's timing from both ends
    /// and the runtime counters of the Web and of this client sampled meanwhile.
    /// </summary>
    private static async Task<(LoadOutcome Outcome, RequestTimings Timings, string Server, string Client)> MeasureAsync(
        Run run, ApiClient api, AppProcess web, string folder, string name, TimeSpan window, Func<int, long, Task<string?>> request)
    {
        var file = string.Concat(name.Where(char.IsLetterOrDigit));
        var server = RuntimeCounters.SampleAsync(web.Pid, window, Path.Combine(folder, file + "-web.csv"));
        var client = RuntimeCounters.SampleAsync(Environment.ProcessId, window, Path.Combine(folder, file + "-client.csv"));
        var timings = api.Timings = new RequestTimings();
        var outcome = await Load.ClosedLoopAsync(name, run.Users, window, request, Think);
        api.Timings = null;
        await timings.WriteAsync(Path.Combine(folder, file + "-requests.csv"));
        return (outcome, timings, await server, await client);
    }

    /// <summary>How long a person reads a page before the next click (on average; 0.5–1.5 s).</summary>
    private static readonly TimeSpan Think = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Organizations each submitting and amending sealed bids as fast as they get answers, every request through HTTP →
    /// bus → grain → commit (state, outbox and audit in one transaction) → event.
    /// </summary>
    public static async Task BidsAsync(Run run, string scenario, AppProcess web, IServiceProvider db, (string Name, double Rate, string Settings) limit)
    {
        var bidders = await Workload.BiddersAsync(db, run.Bidders);
        var projects = await Workload.OpenProjectsAsync(db, run.Window * 3, bidders.Min(b => b.SocialWorkers));
        if (bidders.Count == 0 || projects.Count == 0) throw new InvalidOperationException($"no bidders ({bidders.Count}) or open projects ({projects.Count}) in the dataset");
        using var api = new ApiClient(web.BaseAddress);
        var tokens = await Task.WhenAll(bidders.Select(b => api.TokenAsync(b.Email)));
        run.Results.Add(new Figure(scenario, "raw limit measured", limit.Rate, "commits/s", Note: limit.Settings));

        // Worker w walks the projects from its own offset: bids spread over many grains, as at a real deadline.
        Task<string?> Submit(int w, long i)
        {
            var project = projects[(int)((w * 37 + i) % projects.Count)];
            return api.PostJsonAsync($"/api/v1/projects/{project.Id}/bids", tokens[w], Workload.Bid(project, w * 100_000 + i));
        }
        await Load.ClosedLoopAsync("warm-up", bidders.Count, run.WarmUp, (w, i) => Submit(w, 1_000_000 + i));
        var outcome = await Load.ClosedLoopAsync(scenario, bidders.Count, run.Window, Submit);
        Fail(outcome, scenario);
        run.Results.Add(new Figure(scenario, "bids/s sustained", outcome.PerSecond, "commits/s", limit.Name, limit.Rate,
            Goal.RatioAtLeast(0.4, "≥ 40 % of raw"), $"{bidders.Count} organizations, {projects.Count} open projects, {outcome.Succeeded} bids, {outcome.Failed} failed"));
        run.Results.Add(new Figure(scenario, "bid latency p50", outcome.Latency.Percentile(50), "ms"));
        run.Results.Add(new Figure(scenario, "bid latency p99", outcome.Latency.Percentile(99), "ms"));
    }

    /// <summary>A scenario whose requests mostly failed measured nothing: that is an error, not a figure.</summary>
    public static void Fail(LoadOutcome outcome, string what)
    {
        if (outcome.Succeeded == 0 || outcome.Failed > outcome.Succeeded / 20)
            throw new InvalidOperationException($"{what}: {outcome.Failed} of {outcome.Succeeded + outcome.Failed} requests failed; first: {outcome.FirstFailure}");
    }
}
