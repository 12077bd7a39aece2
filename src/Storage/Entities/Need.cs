using Procurement.Contracts.Domain;

namespace Procurement.Storage.Entities;

/// <summary>
/// A worker's need (职工需求). Its union is the posting worker's; <see cref="Supports"/> counts the
/// <see cref="NeedSupport"/> rows (the worker who posted it not included), kept here so the board sorts on one column.
/// </summary>
public sealed class Need : AggregateRoot
{
    public Guid UnionId { get; internal set; }
    /// <summary>The union's path, so "this union and those below it" is a prefix match.</summary>
    public string UnionPath { get; internal set; } = "";
    public Guid AuthorId { get; internal set; }
    public string Category { get; internal set; } = "";
    public string Title { get; internal set; } = "";
    public string Text { get; internal set; } = "";
    public string ForWhom { get; internal set; } = "";
    public int People { get; internal set; }
    public List<string> Groups { get; internal set; } = [];
    public NeedStatus Status { get; internal set; }
    public DateTimeOffset PostedAt { get; internal set; }
    /// <summary>When the union accepted, merged or declined it.</summary>
    public DateTimeOffset? DecidedAt { get; internal set; }
    public Guid? MergedIntoId { get; internal set; }
    /// <summary>The reason of a decline, or the union's latest answer on a public need.</summary>
    public string? Answer { get; internal set; }
    public DateTimeOffset? AnsweredAt { get; internal set; }
    public Guid? ProjectId { get; internal set; }
    public int Supports { get; internal set; }
}

/// <summary>One worker's "我也需要" on a need, with an optional short comment (masked like every text the public reads).</summary>
public sealed class NeedSupport
{
    public Guid NeedId { get; internal set; }
    public Guid UserId { get; internal set; }
    public string? Comment { get; internal set; }
    public DateTimeOffset At { get; internal set; }
    /// <summary>The posted need whose merge made this support (its worker's), so an unfinished merge can be undone.</summary>
    public Guid? MergedFromId { get; internal set; }
}

/// <summary>A worker's own choices: the union they belong to (street, company or industry union) and their groups. Its key is the account's.</summary>
public sealed class WorkerProfile
{
    public Guid UserId { get; set; }
    public Guid UnionId { get; set; }
    public List<string> Groups { get; set; } = [];
}

/// <summary>
/// A beneficiary's anonymous answer on a contract's service (服务评价): no account, no name, no address; only a hash of
/// the answering browser's random device cookie, to limit how often one device answers.
/// </summary>
public sealed class Feedback
{
    public Guid Id { get; set; }
    public Guid ContractId { get; set; }
    /// <summary>The China-time quarter it was given in, e.g. 2026Q4.</summary>
    public string Quarter { get; set; } = "";
    /// <summary>1 (very dissatisfied) to 5 (very satisfied).</summary>
    public int Satisfaction { get; set; }
    public bool WouldRecommend { get; set; }
    public string? Improve { get; set; }
    public string DeviceKey { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
