using Procurement.Silo.Hosting;

namespace Procurement.Silo.Tests.Hosting;

public sealed class TurnLockTests
{
    [Fact]
    public async Task Two_hundred_concurrent_entrants_never_overlap()
    {
        var turn = new TurnLock();
        var inside = 0;
        var mostInside = 0;
        var done = 0;

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(async () =>
        {
            Assert.True(await turn.EnterAsync());
            try
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref mostInside, now);
                await Task.Yield(); // give any other entrant that slipped in the chance to be seen
                Interlocked.Decrement(ref inside);
                Interlocked.Increment(ref done);
            }
            finally
            {
                turn.Exit();
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(1, mostInside);
        Assert.Equal(200, done);
        Assert.Equal(0, turn.Pending);
    }

    [Fact]
    public async Task Waiters_get_the_turn_in_the_order_they_arrived()
    {
        var turn = new TurnLock();
        Assert.True(await turn.EnterAsync());
        var order = new List<int>();

        var waiters = Enumerable.Range(0, 50).Select(i => Enter(i)).ToArray();
        Assert.Equal(51, turn.Pending);
        Assert.Empty(order); // nobody runs while the first holder has the turn

        turn.Exit();
        await Task.WhenAll(waiters);

        Assert.Equal(Enumerable.Range(0, 50), order);
        Assert.Equal(0, turn.Pending);

        async Task Enter(int i)
        {
            await turn.EnterAsync();
            lock (order) order.Add(i);
            await Task.Yield();
            turn.Exit();
        }
    }

    [Fact]
    public async Task A_waiter_is_not_admitted_until_the_holder_exits()
    {
        var turn = new TurnLock();
        Assert.True(await turn.EnterAsync());

        var second = turn.EnterAsync();
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);

        turn.Exit();
        Assert.True(await second.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
        turn.Exit();
    }

    [Fact]
    public async Task TryRetire_refuses_while_the_turn_is_held_or_awaited()
    {
        var turn = new TurnLock();
        Assert.True(await turn.EnterAsync());
        Assert.False(turn.TryRetire()); // held

        var waiter = turn.EnterAsync();
        turn.Exit();
        Assert.True(await waiter);
        Assert.False(turn.TryRetire()); // the waiter now holds it

        var third = turn.EnterAsync();
        Assert.False(turn.TryRetire()); // held and awaited
        turn.Exit();
        Assert.True(await third);
        turn.Exit();

        Assert.True(turn.TryRetire());
    }

    [Fact]
    public async Task After_retiring_EnterAsync_returns_false_and_admits_nobody()
    {
        var turn = new TurnLock();
        Assert.True(turn.TryRetire());

        Assert.False(await turn.EnterAsync());
        Assert.False(await turn.EnterAsync());
        Assert.Equal(0, turn.Pending);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
