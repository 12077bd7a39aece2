namespace Procurement.Silo.Hosting;

/// <summary>Rules a platform operator may tune (configuration section <c>Rules</c>).</summary>
public sealed class ProcurementRulesOptions
{
    /// <summary>Largest project budget an unregistered community group may bid for; default 50,000 yuan.</summary>
    public long CommunityGroupBudgetCapFen { get; set; } = 50_000_00;
}
