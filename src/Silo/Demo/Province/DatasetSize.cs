namespace Procurement.Silo.Demo.Province;

/// <summary>
/// How many of each thing <see cref="ProvinceDataset"/> generates. Counts are exact: the generator writes precisely
/// <see cref="Unions"/> unions, <see cref="Organizations"/> organizations, <see cref="Projects"/> projects,
/// <see cref="Milestones"/> contract milestones and <see cref="Evaluators"/> evaluator accounts.
/// </summary>
/// <param name="Unions">Unions in the four-level tree (province → cities → districts/counties → grassroots); at least 4.</param>
/// <param name="Organizations">Approved or pending social organizations, every one with a valid, distinct USCC.</param>
/// <param name="Projects">Projects, split over the lifecycle stages by <see cref="Stages"/>.</param>
/// <param name="Milestones">Milestones over all contracts; each contract gets between <see cref="MinMilestonesPerContract"/> and <see cref="MaxMilestonesPerContract"/>.</param>
/// <param name="Evaluators">Accounts with the evaluator role; projects under evaluation or awarded take 3 to 5 of them.</param>
/// <param name="Stages">The share of projects at each stage.</param>
/// <param name="QuarterStartPending">
/// True: the dataset stands just before the quarter-start job, so the reviews of the quarter just ended are not opened
/// yet (what the quarterly-review benchmark measures). False: they are open, or completed once their 21 days have
/// passed, as on a live platform, and the job (or a Silo's catch-up at start) has nothing to open.
/// </param>
public sealed record DatasetSize(int Unions, int Organizations, int Projects, int Milestones, int Evaluators, StageMix Stages, bool QuarterStartPending = false)
{
    public const int MinMilestonesPerContract = 4;
    public const int MaxMilestonesPerContract = 12;

    /// <summary>A province as DESIGN.md §6 sizes it: 150 unions, 2,300 organizations, 10,000 projects, 50,000 milestones, 300 evaluators.</summary>
    public static DatasetSize Province { get; } = new(150, 2_300, 10_000, 50_000, 300, StageMix.Typical);

    /// <summary>About 1/20 of <see cref="Province"/>, for tests and a quick benchmark pass.</summary>
    public static DatasetSize Small { get; } = new(8, 115, 500, 2_500, 15, StageMix.Typical);

    /// <summary>
    /// The province's unions, organizations and evaluators with <paramref name="contracts"/> projects, every one awarded
    /// and its contract active in delivery (six milestones each), signed before the quarter just ended, whose reviews
    /// are not opened yet (<see cref="QuarterStartPending"/>): what the quarterly-review benchmark opens.
    /// </summary>
    public static DatasetSize ActiveContracts(int contracts) =>
        Province with { Projects = contracts, Milestones = contracts * 6, Stages = StageMix.InDeliveryOnly, QuarterStartPending = true };

    /// <summary>Projects per stage, exact: the largest-remainder split of <see cref="Projects"/> over the weights.</summary>
    public IReadOnlyDictionary<DatasetStage, int> ProjectsPerStage()
    {
        var weights = Stages.Weights;
        var total = weights.Values.Sum();
        var counts = weights.ToDictionary(w => w.Key, w => (int)((long)Projects * w.Value / total));
        var left = Projects - counts.Values.Sum();
        foreach (var stage in weights.OrderByDescending(w => (long)Projects * w.Value % total).ThenBy(w => w.Key).Select(w => w.Key).Take(left))
            counts[stage]++;
        return counts;
    }

    /// <summary>Projects that end in a contract (awarded).</summary>
    public int Contracts => ProjectsPerStage().Where(s => s.Key.HasContract()).Sum(s => s.Value);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first count that cannot be generated.</summary>
    public void Validate()
    {
        if (Unions < 4) throw new ArgumentException("A four-level union tree needs at least 4 unions.", nameof(Unions));
        if (Organizations < 8) throw new ArgumentException("At least 8 organizations are needed, so that projects find bidders.", nameof(Organizations));
        if (Organizations > 20_000_000) throw new ArgumentException("Too many organizations for distinct credit codes.", nameof(Organizations));
        if (Projects < 0) throw new ArgumentException("Projects cannot be negative.", nameof(Projects));
        if (Evaluators < 5) throw new ArgumentException("At least 5 evaluators are needed.", nameof(Evaluators));
        if (Stages.Weights.Values.Any(w => w < 0) || Stages.Weights.Values.Sum() <= 0)
            throw new ArgumentException("Stage weights must be non-negative and not all zero.", nameof(Stages));
        var contracts = Contracts;
        if (Milestones < contracts * MinMilestonesPerContract || Milestones > contracts * MaxMilestonesPerContract)
            throw new ArgumentException(
                $"{Milestones} milestones cannot be spread over {contracts} contracts at {MinMilestonesPerContract}–{MaxMilestonesPerContract} each.", nameof(Milestones));
    }
}

/// <summary>Where a generated project stands; the last four are awarded projects whose contract is in that state.</summary>
public enum DatasetStage
{
    /// <summary>Not yet published.</summary>
    Draft,
    /// <summary>Published, bid window open (sealed bids, deadline ahead).</summary>
    OpenForBids,
    /// <summary>Deadline passed, evaluators not yet assigned.</summary>
    BiddingClosed,
    /// <summary>Evaluators assigned, scoring under way.</summary>
    Evaluating,
    /// <summary>Closed without any bid.</summary>
    NoAward,
    /// <summary>Awarded; contract active, milestones being reported, verified and paid.</summary>
    InDelivery,
    /// <summary>Awarded; contract in rectification (整改) after a failed quarterly review.</summary>
    Rectification,
    /// <summary>Awarded; every milestone verified and paid.</summary>
    Completed,
    /// <summary>Awarded; contract terminated after two failed reviews in a row.</summary>
    Terminated,
}

/// <summary>Relative weights of the stages (they need not sum to 100).</summary>
public sealed record StageMix(IReadOnlyDictionary<DatasetStage, int> Weights)
{
    /// <summary>A province part-way through its year: 70 % of projects awarded, most of those in delivery.</summary>
    public static StageMix Typical { get; } = new(new Dictionary<DatasetStage, int>
    {
        [DatasetStage.Draft] = 5, [DatasetStage.OpenForBids] = 10, [DatasetStage.BiddingClosed] = 2, [DatasetStage.Evaluating] = 8,
        [DatasetStage.NoAward] = 5, [DatasetStage.InDelivery] = 48, [DatasetStage.Rectification] = 3, [DatasetStage.Completed] = 18,
        [DatasetStage.Terminated] = 1,
    });

    /// <summary>Every project awarded with its contract active in delivery.</summary>
    public static StageMix InDeliveryOnly { get; } = new(new Dictionary<DatasetStage, int> { [DatasetStage.InDelivery] = 1 });
}

internal static class DatasetStageExtensions
{
    public static bool HasContract(this DatasetStage s) => s >= DatasetStage.InDelivery;
}
