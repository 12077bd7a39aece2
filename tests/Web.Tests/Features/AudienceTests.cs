using MassTransit;
using Procurement.Contracts.Messages;
using Procurement.Silo.Consumers;
using Procurement.Web.LiveFeed;

namespace Procurement.Web.Tests.Features;

/// <summary>The activity stream and the live feed decide who hears of an event by one table, <see cref="Audiences"/>.</summary>
public sealed class AudienceTests
{
    public static TheoryData<Type> ShownEvents() => [.. Consumed(typeof(LiveFeedConsumer)).Union(Consumed(typeof(ActivityProjection)))];

    private static IEnumerable<Type> Consumed(Type consumer) => consumer.GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)).Select(i => i.GetGenericArguments()[0]);

    [Theory]
    [MemberData(nameof(ShownEvents))]
    public void Every_event_the_live_feed_or_the_activity_stream_shows_has_an_audience(Type eventType) =>
        Assert.True(Enum.IsDefined(Audiences.Of(eventType)), $"{eventType.Name} has no audience");

    [Fact]
    public void Bids_are_sealed_scores_stay_with_the_union_and_an_event_shown_to_nobody_is_refused()
    {
        Assert.Equal(Audience.Sealed, Audiences.Of(typeof(BidSubmitted)));
        Assert.Equal(Audience.Sealed, Audiences.Of(typeof(BidWithdrawn)));
        Assert.Equal(Audience.Union, Audiences.Of(typeof(BidScored)));
        Assert.Throws<ArgumentException>(() => Audiences.Of(typeof(ProjectDrafted)));
    }
}
