using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Silo.Demo.Province;
using Procurement.Silo.Hosting;
using Procurement.Silo.Tests.Infrastructure;
using Procurement.Storage;

namespace Procurement.Silo.Tests.Demo;

/// <summary>The generator is a function of its seed (and reference instant): ids, names and amounts repeat exactly.</summary>
public sealed class DatasetDeterminismTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Snapshot(List<string> Unions, List<string> Organizations, List<string> Projects, List<string> Milestones);

    private static async Task<Snapshot> GenerateAsync(int seed)
    {
        using var database = new TestDatabase();
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["ConnectionStrings:Procurement"] = database.ConnectionString,
        }).Build();
        await using var services = new ServiceCollection().AddProcurementStorage(config).BuildServiceProvider();
        await services.PrepareDatabaseAsync();
        var size = DatasetSize.Small with { Projects = 120, Milestones = 600, Organizations = 40 };

        await ProvinceDataset.GenerateAsync(services, size, seed, SmallDatasetFixture.Reference, ct: Ct);

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ProcurementDb>();
        return new Snapshot(
            await db.Unions.OrderBy(u => u.Id).Select(u => u.Id + " " + u.Name + " " + u.Path).ToListAsync(Ct),
            await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id + " " + o.Name + " " + o.Uscc).ToListAsync(Ct),
            await db.Projects.OrderBy(p => p.Id).Select(p => p.Id + " " + p.Title + " " + p.BudgetFen + " " + p.Status + " " + p.BidCount).ToListAsync(Ct),
            await db.Milestones.OrderBy(m => m.Id).Select(m => m.Id + " " + m.DueDate + " " + m.Status + " " + m.PaidFen).ToListAsync(Ct));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_ids_names_and_amounts_and_another_seed_differs()
    {
        var first = await GenerateAsync(seed: 7);
        var second = await GenerateAsync(seed: 7);
        var other = await GenerateAsync(seed: 8);

        Assert.Equal(first.Unions, second.Unions);
        Assert.Equal(first.Organizations, second.Organizations);
        Assert.Equal(first.Projects, second.Projects);
        Assert.Equal(first.Milestones, second.Milestones);
        Assert.NotEqual(first.Unions, other.Unions);
        Assert.NotEqual(first.Organizations, other.Organizations);
        Assert.NotEqual(first.Projects, other.Projects);
    }

    [Fact]
    public void Sizes_that_cannot_be_generated_are_refused_before_anything_is_written()
    {
        Assert.Throws<ArgumentException>(() => (DatasetSize.Small with { Milestones = 10 }).Validate());
        Assert.Throws<ArgumentException>(() => (DatasetSize.Small with { Unions = 3 }).Validate());
        DatasetSize.Province.Validate();
        DatasetSize.ActiveContracts(10_000).Validate();
        Assert.Equal(10_000, DatasetSize.ActiveContracts(10_000).Contracts);
    }
}
