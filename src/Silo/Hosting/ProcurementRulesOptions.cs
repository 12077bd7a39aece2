namespace Procurement.Silo.Hosting;

/// <summary>Rules a platform operator may tune (configuration section <c>Rules</c>).</summary>
public sealed class ProcurementRulesOptions
{
    /// <summary>Largest project budget an unregistered community group may bid for; default 50,000 yuan.</summary>
    public long CommunityGroupBudgetCapFen { get; set; } = 50_000_00;

    /// <summary>Working days a proposed award is published for objections (中标公示) where its union set no period of its own.</summary>
    public int AwardPublicityWorkingDays { get; set; } = 3;

    /// <summary>Weekday public holidays (China), from the State Council's yearly notice: not counted as working days.</summary>
    public List<DateOnly> PublicHolidays { get; set; } = [];

    /// <summary>Weekend days worked instead of a holiday (调休), from the same notice: counted as working days.</summary>
    public List<DateOnly> AdjustedWorkdays { get; set; } = [];

    /// <summary>The end of a publicity of <paramref name="workingDays"/> working days chosen at <paramref name="at"/>.</summary>
    public DateTimeOffset PublicityEnd(DateTimeOffset at, int workingDays) =>
        Contracts.Domain.ChinaTime.AfterWorkingDays(at, workingDays, PublicHolidays.ToHashSet(), AdjustedWorkdays.ToHashSet());
}
