namespace Procurement.Silo.Demo;

/// <summary>A clock the seeder sets into the past, so demo projects pass through their real lifecycle on the grains.</summary>
internal sealed class DemoClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}
