using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Exports;

/// <summary>
/// Ten thousand more projects than the demo in a portal of its own: the download holds every one and is written as it is
/// read. The live managed heap is sampled while it runs (a full collection before each reading, so garbage does not count);
/// its growth goes to the test output as a figure, not an assertion.
/// </summary>
public sealed class LargeExportTests(PortalHost portal) : IClassFixture<PortalHost>
{
    private const int Added = 10_000;
    private const string Prefix = "批量导出测试项目";

    [Fact]
    public async Task Ten_thousand_projects_download_in_both_formats_each_row_there_once()
    {
        await AddPublishedProjectsAsync();
        var published = await portal.Query(db => db.Projects.CountAsync(p => p.Status == ProjectStatus.Published));
        Assert.True(published >= Added);
        using var anonymous = portal.Anonymous();
        var output = TestContext.Current.TestOutputHelper;

        // A tenth of the rows and all of them: a download that streams peaks about as high for both.
        foreach (var format in new[] { "xlsx", "csv" })
        foreach (var (query, expected) in new[] { ("&q=" + Uri.EscapeDataString(Prefix + " 00"), 1_000), ("", published) })
        {
            GC.Collect();
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var peak = before;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    // What is alive, not what is allocated: a full collection before each reading.
                    peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true));
                    await Task.Delay(20);
                }
            });
            var started = Stopwatch.GetTimestamp();
            var response = await anonymous.GetAsync($"/api/v1/projects.{format}?status=Published{query}", HttpCompletionOption.ResponseHeadersRead);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started);
            await sampling.CancelAsync();
            await sampler;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var titles = ExportTests.Sheet(bytes, format == "csv" ? ExcelType.CSV : ExcelType.XLSX).Select(r => (string)r["项目名称"]).ToList();
            Assert.Equal(expected, titles.Count);
            Assert.Equal(Math.Min(expected, Added), titles.Count(t => t.StartsWith(Prefix, StringComparison.Ordinal)));
            Assert.Equal(titles.Count, titles.Distinct().Count());
            output?.WriteLine($"{format}: {expected:N0} rows, {bytes.Length / 1024:N0} KiB in {elapsed.TotalMilliseconds:N0} ms; managed heap " +
                $"{before / 1048576.0:N1} MiB before, live peak {peak / 1048576.0:N1} MiB while it ran (+{(peak - before) / 1048576.0:N1} MiB); " +
                $"{allocated / 1048576.0:N0} MiB allocated in the process meanwhile");
        }
    }

    private Task AddPublishedProjectsAsync() => portal.Query(async db =>
    {
        var template = await db.Projects.AsNoTracking().FirstAsync(p => p.Status == ProjectStatus.Published);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < Added; i++)
        {
            db.Projects.Add(new Project
            {
                Id = Guid.CreateVersion7(), UnionId = template.UnionId, UnionPath = template.UnionPath, Category = template.Category,
                Title = $"{Prefix} {i:D5}", Description = template.Description, TargetGroups = [.. template.TargetGroups],
                ServiceRegions = [.. template.ServiceRegions], BudgetFen = 100_000 + i, ProvincialFundingFen = 100_000 + i,
                TargetBeneficiaries = 100, TargetSessions = 10, Criteria = [.. template.Criteria.Select(c => new Criterion { Name = c.Name, Weight = c.Weight })],
                BidOpensAt = template.BidOpensAt, BidClosesAt = template.BidClosesAt, ServiceStart = template.ServiceStart, ServiceEnd = template.ServiceEnd,
                Status = ProjectStatus.Published, CreatedBy = template.CreatedBy, CreatedAt = template.CreatedAt, PublishedAt = template.PublishedAt,
            });
        }
        return await db.SaveChangesAsync();
    });
}
