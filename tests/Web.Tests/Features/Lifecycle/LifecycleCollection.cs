using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>
/// The lifecycle tests get a seeded portal of their own: they publish many projects, which would otherwise crowd the
/// demo projects off the pages other test classes read (the home page lists the latest eight). A collection of its
/// own also lets their deadline waits overlap with the other collection's tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LifecycleCollection : ICollectionFixture<LifecyclePortal>
{
    public const string Name = "lifecycle";
}

/// <summary>
/// The seeded portal, warmed up before the first test: every demo account signed in and the draft → publish → bid path
/// run once, so the first test racing a few-second deadline does not spend it on password hashing and first-call JIT.
/// The province sets no award publicity (a union's own choice, through the API), so its awards sign their contract at
/// once; the publicity tests award Harbin's projects, which keep the platform's three working days.
/// </summary>
public sealed class LifecyclePortal : PortalHost
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var life = new Lifecycle(this);
        await life.SignInAll();
        await life.SetAwardPublicity(Who.Province, await life.Heilongjiang(), 0);
        var (id, draft) = await life.Published(TimeSpan.FromDays(30));
        await life.Bid(Who.Org1, id, Bodies.Bid(draft, 100_000_00));
        using var org1 = await life.As(Who.Org1);
        (await org1.GetAsync($"/api/v1/projects/{id}/bids")).Dispose();
    }
}
