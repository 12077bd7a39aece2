using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>A union's announcement (通知公告): policy, how-to, result or notice, public from publication until withdrawn.</summary>
public sealed class Announcement : AggregateRoot
{
    public Guid UnionId { get; internal set; }
    /// <summary>The publishing union's path, so "this union and those below it" is a prefix match.</summary>
    public string UnionPath { get; internal set; } = "";
    public AnnouncementKind Kind { get; internal set; }
    public string Title { get; internal set; } = "";
    public string Body { get; internal set; } = "";
    public Guid PublishedBy { get; internal set; }
    public DateTimeOffset PublishedAt { get; internal set; }
    public DateTimeOffset? UpdatedAt { get; internal set; }
    public DateTimeOffset? WithdrawnAt { get; internal set; }
}
