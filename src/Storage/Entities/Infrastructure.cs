namespace Procurement.Storage.Entities;

/// <summary>An event committed with the state change that raised it, waiting to be published to the bus.</summary>
public sealed class OutboxMessage
{
    public Guid Id { get; internal set; }
    /// <summary>Full name of the event type in the Contracts assembly.</summary>
    public string Type { get; internal set; } = "";
    public string Payload { get; internal set; } = "";
    public Guid AggregateId { get; internal set; }
    public DateTimeOffset OccurredAt { get; internal set; }
    public DateTimeOffset? SentAt { get; internal set; }
    /// <summary>Lease so two dispatchers do not publish the same row at the same time; expiry frees it after a crash.</summary>
    public DateTimeOffset? LockedUntil { get; internal set; }
    public Guid? LockToken { get; internal set; }
}

/// <summary>A message a consumer has handled, recorded in the same transaction as the consumer's effect.</summary>
public sealed class ProcessedMessage
{
    public string Consumer { get; internal set; } = "";
    public Guid MessageId { get; internal set; }
    public DateTimeOffset ProcessedAt { get; internal set; }
    /// <summary>For a command handled by a grain: the JSON result, returned again when the command is redelivered.</summary>
    public string? Result { get; internal set; }
}

/// <summary>
/// One line of the live activity stream (a projection of events), carrying what decides who may see it:
/// the union subtree and the organization concerned.
/// </summary>
public sealed class Activity
{
    public Guid Id { get; internal set; }
    public DateTimeOffset At { get; internal set; }
    public string Kind { get; internal set; } = "";
    public string UnionPath { get; internal set; } = "";
    public Guid? OrganizationId { get; internal set; }
    public Guid? ProjectId { get; internal set; }
    public Guid? ContractId { get; internal set; }
    public string Title { get; internal set; } = "";
    /// <summary>Whether the public may see it (e.g. a project published), as opposed to parties only.</summary>
    public bool IsPublic { get; internal set; }
}

/// <summary>
/// One entry of an aggregate's append-only audit trail. <see cref="Hash"/> covers the entry and the previous
/// entry's hash, so changing or removing an entry breaks the chain.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; internal set; }
    public Guid AggregateId { get; internal set; }
    public int Sequence { get; internal set; }
    public DateTimeOffset At { get; internal set; }
    public Guid? ActorId { get; internal set; }
    public string Action { get; internal set; } = "";
    public string Data { get; internal set; } = "";
    public string PreviousHash { get; internal set; } = "";
    public string Hash { get; internal set; } = "";
}

/// <summary>The outcome of one run of a scheduled job, shown on the Jobs page.</summary>
public sealed class JobRun
{
    public long Id { get; internal set; }
    public string JobName { get; internal set; } = "";
    public string Node { get; internal set; } = "";
    public DateTimeOffset StartedAt { get; internal set; }
    public DateTimeOffset FinishedAt { get; internal set; }
    public bool Succeeded { get; internal set; }
    public string Summary { get; internal set; } = "";
}

/// <summary>
/// What a job run did, as a code and its figures (a job's <c>context.Result</c>), so the Jobs page can say it in the
/// reader's language. Kept in <see cref="JobRun.Summary"/> as <c>code|arg|arg</c>; a failed run keeps its error message.
/// </summary>
public sealed record JobOutcome(string Code, IReadOnlyList<string> Args)
{
    private const char Separator = '|';

    public JobOutcome(string code, params object[] args)
        : this(code, [.. args.Select(a => (Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "").Replace(Separator, '/'))]) { }

    public override string ToString() => string.Join(Separator, [Code, .. Args]);

    /// <summary>The outcome a summary holds, or null for anything else (an error message, a run recorded before outcomes had codes).</summary>
    public static JobOutcome? Parse(string summary)
    {
        var parts = summary.Split(Separator);
        return parts[0].Length > 0 && parts[0].All(c => c is (>= 'a' and <= 'z') or '-') ? new JobOutcome(parts[0], (IReadOnlyList<string>)parts[1..]) : null;
    }
}

/// <summary>
/// An in-portal notification (and the e-mail sent with it). <see cref="DedupKey"/> is unique, so a reminder is sent
/// once however often the job that raises it runs.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; internal set; }
    public Guid UserId { get; internal set; }
    public string DedupKey { get; internal set; } = "";
    public string Kind { get; internal set; } = "";
    public string Title { get; internal set; } = "";
    public string Link { get; internal set; } = "";
    public DateTimeOffset CreatedAt { get; internal set; }
    public DateTimeOffset? ReadAt { get; internal set; }
}

/// <summary>
/// A person's choices about notifications (a person without a row has the defaults): the kinds they do not want by
/// e-mail (they stay in the portal), and whether they want to hear of newly published projects, in which categories and
/// regions (empty: all). People change their own, so the setters are public.
/// </summary>
public sealed class NoticeSettings
{
    public Guid UserId { get; set; }
    public List<string> EmailOff { get; set; } = [];
    public bool WatchProjects { get; set; }
    public List<string> WatchCategories { get; set; } = [];
    public List<string> WatchRegions { get; set; } = [];
}

/// <summary>An ASP.NET Core Data Protection key, shared by every Web instance so cookies and tokens from one are read by all.</summary>
public sealed class DataProtectionKey
{
    public int Id { get; internal set; }
    public string? FriendlyName { get; internal set; }
    public string Xml { get; internal set; } = "";
}
