namespace Procurement.Contracts.Grains;

/// <summary>Marker for grain interfaces; shaped like Orleans' <c>IGrain</c> so callers move over unchanged.</summary>
public interface IGrain;

/// <summary>A grain addressed by a <see cref="Guid"/> key, like Orleans' <c>IGrainWithGuidKey</c>.</summary>
public interface IGrainWithGuidKey : IGrain;

/// <summary>
/// Returns references to grains. A reference is cheap; the host activates the grain on its first call.
/// Callers never construct grains themselves.
/// </summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(Guid key) where TGrain : IGrainWithGuidKey;
}
