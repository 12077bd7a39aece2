using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;

namespace Procurement.Contracts.Grains;

/// <summary>
/// A worker's need (职工需求), keyed by its id. Its union is the posting worker's; that union or one above it accepts,
/// merges, declines and answers it, and may take it up in a project. Supports (我也需要) are rows of their own, counted here.
/// </summary>
[Alias("need")]
public interface INeedGrain : IGrainWithGuidKey
{
    /// <summary>Posts it for the worker's union; only that union's subtree sees it until it is accepted.</summary>
    Task Post(NeedDraft draft, Actor actor);

    /// <summary>Makes a posted need public.</summary>
    Task Accept(Actor actor);

    /// <summary>Declines a posted need with a reason the worker reads.</summary>
    Task Decline(string reason, Actor actor);

    /// <summary>Merges a posted need into a public one of the same union subtree: its worker becomes a supporter of that one.</summary>
    Task MergeInto(Guid targetId, Actor actor);

    /// <summary>The union's answer on a public need: planned, in progress or not feasible, with a reason.</summary>
    Task Answer(NeedStatus status, string reason, Actor actor);

    /// <summary>A worker's "我也需要", once per account, with an optional short comment; the need's own worker is counted already.</summary>
    Task Support(string? comment, Actor actor);

    /// <summary>Called on the target of a merge: the merged need's worker joins its supporters (once).</summary>
    Task AbsorbMerged(Guid mergedId, Guid workerId, Actor actor);

    /// <summary>
    /// Called on the target of a merge that did not finish (the merged need was accepted or declined after all): the
    /// support the merge gave is taken back. Nothing when there is none.
    /// </summary>
    Task ReleaseMerged(Guid mergedId, Actor actor);

    /// <summary>
    /// A project the union drafted from this need: the need is planned, shows the project's progress, and its supporters
    /// hear of it. A need whose project ended without a service (cancelled, no award) may be taken up by another.
    /// </summary>
    Task LinkProject(Guid projectId, Actor actor);
}
