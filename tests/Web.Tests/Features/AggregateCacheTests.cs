using Procurement.Web.Features;

namespace Procurement.Web.Tests.Features;

/// <summary>The cache behind dashboards and totals: fresh after every change, one computation at a time.</summary>
public sealed class AggregateCacheTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private readonly Clock clock = new();
    private int loads;

    private Task<int> Count() => Task.FromResult(Interlocked.Increment(ref loads));

    [Fact]
    public async Task A_figure_is_computed_once_until_something_changes()
    {
        var cache = new AggregateCache(clock);
        Assert.Equal(1, await cache.GetAsync("k", Count));
        Assert.Equal(1, await cache.GetAsync("k", Count));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task A_change_makes_the_next_read_compute_again()
    {
        var cache = new AggregateCache(clock);
        await cache.GetAsync("k", Count);
        cache.Changed();
        Assert.Equal(2, await cache.GetAsync("k", Count));
    }

    [Fact]
    public async Task Different_keys_are_computed_separately()
    {
        var cache = new AggregateCache(clock);
        Assert.Equal(1, await cache.GetAsync(("dashboard", 1), Count));
        Assert.Equal(2, await cache.GetAsync(("dashboard", 2), Count));
        Assert.Equal(1, await cache.GetAsync(("dashboard", 1), Count));
    }

    [Fact]
    public async Task Past_the_age_limit_the_reading_request_refreshes_the_figure()
    {
        var cache = new AggregateCache(clock);
        await cache.GetAsync("k", Count);
        clock.Now += AggregateCache.MaxAge;
        Assert.Equal(2, await cache.GetAsync("k", Count));
        Assert.Equal(2, await cache.GetAsync("k", Count));
    }

    [Fact]
    public async Task Requests_arriving_while_a_figure_is_computed_wait_for_that_one_computation()
    {
        var cache = new AggregateCache(clock);
        var gate = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = cache.GetAsync("k", () => { Interlocked.Increment(ref loads); return gate.Task; });
        var second = cache.GetAsync("k", () => { Interlocked.Increment(ref loads); return gate.Task; });
        gate.SetResult(42);
        var results = await Task.WhenAll(first, second);
        Assert.Equal(new[] { 42, 42 }, results);
        Assert.Equal(1, loads);
    }

    /// <summary>A computation of "k" that holds its thread until released, as every EF Core query on SQLite does, started on another thread.</summary>
    private sealed class HeldLoad : IDisposable
    {
        private readonly ManualResetEventSlim started = new(), release = new();

        public HeldLoad(AggregateCache cache, Action loaded, int result)
        {
            Running = Task.Run(() => cache.GetAsync("k", () =>
            {
                started.Set();
                release.Wait(TimeSpan.FromSeconds(10));
                loaded();
                return Task.FromResult(result);
            }));
            Assert.True(started.Wait(TimeSpan.FromSeconds(10)));
        }

        public Task<int> Running { get; }

        public void Release() => release.Set();

        public void Dispose()
        {
            started.Dispose();
            release.Dispose();
        }
    }

    [Fact]
    public async Task A_request_arriving_while_a_synchronous_computation_runs_waits_for_it_instead_of_computing_again()
    {
        var cache = new AggregateCache(clock);
        using var held = new HeldLoad(cache, () => Interlocked.Increment(ref loads), 7);

        var second = cache.GetAsync("k", Count);
        Assert.False(second.IsCompleted, "the second request must wait for the running computation");
        held.Release();
        Assert.Equal(new[] { 7, 7 }, await Task.WhenAll(held.Running, second));
        Assert.Equal(1, loads);
    }

    [Fact]
    public async Task While_an_aged_figure_is_refreshed_synchronously_other_requests_read_the_previous_figure_at_once()
    {
        var cache = new AggregateCache(clock);
        Assert.Equal(1, await cache.GetAsync("k", Count));
        clock.Now += AggregateCache.MaxAge;
        using var held = new HeldLoad(cache, () => Interlocked.Increment(ref loads), 9);

        var meanwhile = cache.GetAsync("k", Count);
        Assert.True(meanwhile.IsCompletedSuccessfully, "a reader during the refresh gets the previous figure without waiting");
        Assert.Equal(1, await meanwhile);
        held.Release();
        Assert.Equal(9, await held.Running);
        Assert.Equal(9, await cache.GetAsync("k", Count));
        Assert.Equal(2, loads);
    }

    [Fact]
    public async Task A_failed_computation_is_not_kept()
    {
        var cache = new AggregateCache(clock);
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetAsync<int>("k", () => throw new InvalidOperationException("database away")));
        Assert.Equal(1, await cache.GetAsync("k", Count));
    }
}
