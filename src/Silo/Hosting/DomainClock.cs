namespace Procurement.Silo.Hosting;

/// <summary>
/// The clock of the domain: what grains, jobs, consumers and the notifier read as "now" (a keyed <see cref="TimeProvider"/>,
/// by default the process's own). It is kept apart from the unkeyed <see cref="TimeProvider"/> because Orleans' runtime
/// reads that one: a clock set into the past (the demo seeder) or moved by hand (tests) must not drive membership, or the
/// silo finds itself declared dead and stops the process.
/// </summary>
public static class DomainClock
{
    public const string Key = "procurement.domain-clock";
}
