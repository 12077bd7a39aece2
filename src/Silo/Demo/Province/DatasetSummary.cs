namespace Procurement.Silo.Demo.Province;

/// <summary>
/// What <see cref="ProvinceDataset.GenerateAsync"/> wrote, with handles a benchmark or test acts through. Every account
/// signs in with <see cref="DemoSeeder.Password"/>.
/// </summary>
/// <param name="Seed">The seed the dataset was generated from.</param>
/// <param name="Reference">The instant the dataset is "now" for: open bid windows close after it, active contracts span it.</param>
/// <param name="Elapsed">Wall time of the generation.</param>
/// <param name="Rows">Rows written per table (entity name → count).</param>
/// <param name="ProvinceUnionId">The root union.</param>
/// <param name="ProvinceAdminEmail">A union admin of the root union, who manages the whole tree.</param>
/// <param name="CityAdminEmails">One union admin per city-level union.</param>
/// <param name="EvaluatorEmails">Every generated evaluator.</param>
/// <param name="OrganizationMembers">Member accounts: email and the approved organization each belongs to.</param>
/// <param name="OpenProjectIds">Projects open for bids (deadline after <paramref name="Reference"/>), earliest deadline first, at most 100.</param>
/// <param name="ActiveContractIds">Contracts active in delivery, at most 100.</param>
public sealed record DatasetSummary(
    int Seed,
    DateTimeOffset Reference,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, int> Rows,
    Guid ProvinceUnionId,
    string ProvinceAdminEmail,
    IReadOnlyList<string> CityAdminEmails,
    IReadOnlyList<string> EvaluatorEmails,
    IReadOnlyList<DatasetMember> OrganizationMembers,
    IReadOnlyList<Guid> OpenProjectIds,
    IReadOnlyList<Guid> ActiveContractIds)
{
    public int Unions => Rows.GetValueOrDefault("Union");
    public int Organizations => Rows.GetValueOrDefault("Organization");
    public int Projects => Rows.GetValueOrDefault("Project");
    public int Contracts => Rows.GetValueOrDefault("Contract");
    public int Milestones => Rows.GetValueOrDefault("Milestone");
    public int TotalRows => Rows.Values.Sum();
}

/// <summary>An organization member account: signs in as <paramref name="Email"/> and acts for <paramref name="OrganizationId"/>.</summary>
public sealed record DatasetMember(string Email, Guid OrganizationId);
