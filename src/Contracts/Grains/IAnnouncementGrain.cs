using Procurement.Contracts.Api;

namespace Procurement.Contracts.Grains;

/// <summary>A union's announcement (通知公告), keyed by its id; public from its publication until withdrawn.</summary>
[Alias("announcement")]
public interface IAnnouncementGrain : IGrainWithGuidKey
{
    /// <summary>Publishes it for the actor's union or one below it.</summary>
    Task Publish(AnnouncementDraft draft, Actor actor);

    /// <summary>Corrects its kind, title or text (its union stays); the page says when it was last corrected.</summary>
    Task Update(AnnouncementDraft draft, Actor actor);

    /// <summary>Withdraws it: it is no longer listed or shown to the public.</summary>
    Task Withdraw(Actor actor);
}

/// <summary>The limits of an announcement, shared by its grain, its table and its form.</summary>
public static class AnnouncementLimits
{
    public const int TitleLength = 200;
    public const int BodyLength = 20_000;
}
