using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Grains.Contracts;
using Procurement.Silo.Grains.Projects;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Bench.Scenarios;

/// <summary>
/// The hot paths under BenchmarkDotNet, in this process (no generated project: the registry copy here is partial):
/// scoring and USCC validation, and a grain call beside the plain EF Core load of the same state (its raw limit).
/// </summary>
public static class HotPaths
{
    public static Task RunAsync(Run run)
    {
        var job = (run.Quick ? Job.Dry.WithIterationCount(3).WithWarmupCount(1) : Job.ShortRun)
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddLogger(ConsoleLogger.Default)
            .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
            .WithOptions(ConfigOptions.DisableOptimizationsValidator | ConfigOptions.JoinSummary)
            .WithArtifactsPath(run.Sub("benchmarkdotnet"));
        foreach (var summary in BenchmarkRunner.Run([typeof(DomainRules), typeof(GrainCalls)], config))
            Record(run, summary);
        return Task.CompletedTask;
    }

    private static void Record(Run run, Summary summary)
    {
        var reports = summary.Reports.Where(r => r.ResultStatistics is not null).ToList();
        if (reports.Count == 0) throw new InvalidOperationException("BenchmarkDotNet produced no result: " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message)));
        var baseline = reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.Baseline);
        foreach (var report in reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo;
            var micros = report.ResultStatistics!.Mean / 1000;
            var isGrain = report.BenchmarkCase.Descriptor.Type == typeof(GrainCalls) && !report.BenchmarkCase.Descriptor.Baseline;
            run.Results.Add(isGrain && baseline is not null
                ? new Figure("hot paths", name, micros, "µs", "EF Core load of the same state", baseline.ResultStatistics!.Mean / 1000,
                    Note: "the grain call adds its turn, scope, version check and commit check")
                : new Figure("hot paths", name, micros, "µs"));
        }
    }
}

/// <summary>Pure rules on every score and every registration.</summary>
[MemoryDiagnoser]
public class DomainRules
{
    private readonly List<Criterion> criteria =
    [
        new() { Name = "服务方案", Weight = 30 }, new() { Name = "团队能力", Weight = 25 }, new() { Name = "经费合理性", Weight = 20 },
        new() { Name = "过往绩效", Weight = 15 }, new() { Name = "创新性", Weight = 10 },
    ];

    private List<CriterionScore> scores = [];
    private readonly int[] totals = [8450, 9100, 7720, 8800, 9050, 6900, 8333];
    private string code = "";

    [GlobalSetup]
    public void Setup()
    {
        scores = [.. criteria.Select((c, i) => new CriterionScore { Criterion = c.Name, Score = 70 + i * 5 })];
        code = Uscc.Compose("52", "230100", "MJ123456");
    }

    [Benchmark(Description = "weighted total, 5 criteria")]
    public int WeightedTotal() => EvaluationRules.WeightedTotal(criteria, scores);

    [Benchmark(Description = "project score, 7 evaluators trimmed")]
    public int? ProjectScore() => EvaluationRules.ProjectScore(totals);

    [Benchmark(Description = "USCC validation")]
    public bool UsccValid() => Uscc.IsValid(code);
}

/// <summary>A contract grain call that changes nothing (its review exists) beside loading the same contract with EF Core.</summary>
public class GrainCalls
{
    private IHost? host;
    private IGrainFactory grains = null!;
    private Guid contractId;
    private (string Label, DateTimeOffset Start, DateTimeOffset End) quarter;
    private string folder = "";

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "procurement-bench-grains-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Procurement"] = $"Data Source={Path.Combine(folder, "grains.db")}",
            ["Outbox:Dispatch"] = "false",
            ["Scheduler:CatchUpOnStart"] = "false",
            ["Mail:OutboxFolder"] = Path.Combine(folder, "mail"),
            ["Cluster:Id"] = "bench-hotpaths",
            ["Cluster:SiloPort"] = Procurement.Integration.Tests.Infrastructure.FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:GatewayPort"] = Procurement.Integration.Tests.Infrastructure.FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        builder.AddSilo();
        host = builder.Build();
        await host.Services.PrepareDatabaseAsync();
        await ProvinceDataset.GenerateAsync(host.Services, DatasetSize.ActiveContracts(1), Run.Seed);
        await host.StartAsync();
        grains = host.Services.GetRequiredService<IGrainFactory>();
        await using var scope = host.Services.CreateAsyncScope();
        contractId = await scope.ServiceProvider.GetRequiredService<ProcurementDb>().Contracts.Select(c => c.Id).FirstAsync();
        quarter = ChinaTime.PreviousQuarter(DateTimeOffset.UtcNow);
        await grains.GetGrain<IContractGrain>(contractId).OpenReview(quarter.Label, quarter.End, quarter.End.AddDays(21));
    }

    [Benchmark(Baseline = true, Description = "EF Core: load a contract with milestones and reviews")]
    public async Task<int> LoadContract()
    {
        await using var scope = host!.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        var contract = await db.Contracts.Include(c => c.Milestones).Include(c => c.Reviews).FirstAsync(c => c.Id == contractId);
        return contract.Milestones.Count;
    }

    [Benchmark(Description = "grain call: contract.OpenReview, nothing to change")]
    public Task<bool> GrainCall() => grains.GetGrain<IContractGrain>(contractId).OpenReview(quarter.Label, quarter.End, quarter.End.AddDays(21));

    [GlobalCleanup]
    public void Cleanup()
    {
        host?.StopAsync().GetAwaiter().GetResult();
        host?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }
}
