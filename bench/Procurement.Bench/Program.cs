using Procurement.Bench;
using Procurement.Bench.Scenarios;

// dotnet run -c Release --project bench/Procurement.Bench -- <scenario|all> [--quick] [--seconds N] [--out DIR] [--keep]
var scenarios = new Dictionary<string, (string What, Func<Run, Task> Body)>
{
    ["embedded"] = ("SQLite, one process: cold start, portal pages at 50 users, sealed bids end to end", EmbeddedScenarios.RunAsync),
    ["reviews"] = ("opening the quarterly reviews of 10,000 active contracts, and the memory of the grains it activates", ReviewScenarios.RunAsync),
    ["distributed"] = ("PostgreSQL + RabbitMQ, two Silos: portal pages, sealed bids end to end, milestone event → SignalR client", DistributedScenarios.RunAsync),
    ["needs"] = ("SQLite, one process: the needs board with 100,000 needs and 1,000,000 supports, a burst of 1,000 feedback answers", NeedScenarios.RunAsync),
    ["hotpaths"] = ("BenchmarkDotNet: scoring, USCC validation, grain call overhead", HotPaths.RunAsync),
};

var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
var which = positional.FirstOrDefault() ?? "help";
if (which is "help" or "-h" || (which != "all" && !scenarios.ContainsKey(which)))
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Procurement.Bench -- <scenario|all> [--quick] [--seconds N] [--out DIR] [--keep]");
    foreach (var (name, (what, _)) in scenarios) Console.WriteLine($"  {name,-12} {what}");
    Console.WriteLine("  all          every scenario above, in that order");
    Console.WriteLine("  --quick      small data and short runs (the CI pass, under 3 minutes); figures are printed, timings never fail");
    Console.WriteLine("  --seconds N  length of each throughput or latency measurement (default 20, quick 4)");
    Console.WriteLine("  --out DIR    where results.json and results.svg go (default artifacts/bench)");
    Console.WriteLine("  --keep       keep the work folder (databases, app logs) instead of deleting it");
    return which is "help" or "-h" ? 0 : 2;
}

var quick = args.Contains("--quick");
var output = Option("--out") ?? Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "bench");
var seconds = Option("--seconds") is { } s && int.TryParse(s, out var n) && n > 0 ? TimeSpan.FromSeconds(n) : (TimeSpan?)null;
await using var run = new Run(quick, args.Contains("--keep"), seconds);
Console.WriteLine($"Benchmark {(quick ? "quick pass" : "full run")} on {Results.Machine}; work folder {run.Folder}");
foreach (var (name, (what, body)) in scenarios.Where(s => which == "all" || s.Key == which))
{
    Console.WriteLine();
    Console.WriteLine($"== {name}: {what}");
    var clock = System.Diagnostics.Stopwatch.StartNew();
    try
    {
        await body(run);
    }
    catch (Exception e)
    {
        run.Results.Error(name, e);
    }
    Console.WriteLine($"   ({name} took {clock.Elapsed.TotalSeconds:0} s)");
}
run.Results.PrintTable();
await run.Results.WriteAsync(output);
// Timings never fail the run (a slow machine is not a bug); an error does.
return run.Results.Errors.Count == 0 ? 0 : 1;
