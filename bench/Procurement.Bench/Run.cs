namespace Procurement.Bench;

/// <summary>
/// One benchmark run: quick or full, its work folder (temporary, deleted at the end unless --keep), and its results.
/// The durations and sizes of every scenario are chosen here, so a quick pass and a full run differ in one place.
/// </summary>
public sealed class Run(bool quick, bool keep, TimeSpan? window = null) : IAsyncDisposable
{
    public bool Quick { get; } = quick;

    public Results Results { get; } = new(quick);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "procurement-bench-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>How long each throughput or latency measurement runs.</summary>
    public TimeSpan Window => window ?? (Quick ? TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(20));

    /// <summary>Unmeasured load before each measurement: code paths compiled, pools and caches filled.</summary>
    public TimeSpan WarmUp => Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(5);

    /// <summary>Concurrent users of the portal-pages scenario (DESIGN.md §6: 50).</summary>
    public int Users => Quick ? 10 : 50;

    /// <summary>Concurrent organizations submitting bids.</summary>
    public int Bidders => Quick ? 8 : 32;

    /// <summary>Active contracts whose quarterly reviews are opened (DESIGN.md §6: 10,000).</summary>
    public int ActiveContracts => Quick ? 500 : 10_000;

    /// <summary>Milestone event rates and how many are sent at each: one the cluster sustains, and DESIGN.md §6's 200/s.</summary>
    public IReadOnlyList<(int PerSecond, int Count)> MilestoneEvents => Quick ? [(25, 75)] : [(25, 500), (200, 2_000)];

    /// <summary>The seed of every generated dataset: the same data in every run.</summary>
    public const int Seed = 20261122;

    public string Sub(string name)
    {
        var path = Path.Combine(Folder, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public ValueTask DisposeAsync()
    {
        if (!keep && Directory.Exists(Folder))
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException e)
            {
                Console.WriteLine($"Could not delete {Folder}: {e.Message}");
            }
        }
        else if (keep) Console.WriteLine($"Kept {Folder}");
        return ValueTask.CompletedTask;
    }
}
