namespace Procurement.Storage.Entities;

/// <summary>
/// The root of a grain's state. <see cref="Version"/> is the concurrency token: every save bumps it and
/// the UPDATE carries <c>WHERE Version = loaded</c>, so a write based on stale state fails and is retried.
/// </summary>
public abstract class AggregateRoot
{
    public Guid Id { get; internal set; }
    public long Version { get; internal set; }
}
