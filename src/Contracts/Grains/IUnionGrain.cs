using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A union's own rules, keyed by the union's id.</summary>
[Alias("union")]
public interface IUnionGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Sets how many working days a proposed award stays published for objections (0–15; 0 makes an award final at once);
    /// null returns to the platform's default. The union itself or one above it decides.
    /// </summary>
    Task SetAwardPublicity(int? workingDays, Actor actor);
}
