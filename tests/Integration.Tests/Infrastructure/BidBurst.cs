using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Procurement.Tests.Support;

namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>One bid request: its Idempotency-Key (the command's message id), what it sent, and what came back.</summary>
public sealed record Attempt(Guid Key, Member Member, Guid ProjectId, JsonObject Body, Reply First)
{
    public List<Reply> Retries { get; } = [];

    public Reply Final => Retries.Count > 0 ? Retries[^1] : First;

    public bool Accepted => Final.Ok;

    /// <summary>Worth retrying with the same key: the answer was lost (dropped connection) or the service was unavailable.</summary>
    public bool Retryable => Final.Status is 0 or >= 500;
}

/// <summary>
/// Many organizations submitting and amending sealed bids at once (each organization one request after another,
/// all organizations in parallel), with a fault injected part-way. Every request carries its own Idempotency-Key; a
/// request that failed with 5xx or a dropped connection is retried with the same key once the fault has healed — what a
/// careful client does, and what the API promises to carry out once.
/// </summary>
public sealed class BidBurst(Cluster cluster, IReadOnlyList<Member> members, IReadOnlyList<(Guid Id, JsonObject Draft)> projects)
{
    public TimeSpan Duration { get; private set; }

    public List<Attempt> Attempts { get; } = [];

    /// <summary>Runs <paramref name="perMember"/> requests per organization; <paramref name="fault"/> starts after <paramref name="faultAfter"/> answers.</summary>
    public async Task<List<Attempt>> RunAsync(int perMember, int faultAfter, Func<Task> fault)
    {
        var attempts = new ConcurrentBag<Attempt>();
        var answered = 0;
        Task? faulting = null;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(members.Select((member, m) => Task.Run(async () =>
        {
            for (var i = 0; i < perMember; i++)
            {
                var (projectId, draft) = projects[(m + i) % projects.Count];
                var key = Guid.NewGuid();
                var body = Bodies.Bid(draft, 100_000_00 + (m * 1000 + i) * 100, $"方案 {key:N}");
                var reply = await cluster.Api.PostAsync($"/api/v1/projects/{projectId}/bids", member.Token, body, key.ToString());
                attempts.Add(new Attempt(key, member, projectId, body, reply));
                if (Interlocked.Increment(ref answered) == faultAfter) faulting = Task.Run(fault);
            }
        })));
        if (faulting is not null) await faulting;
        Duration = clock.Elapsed;

        // A client retries what failed with the same key once the system is back.
        Attempts.AddRange(attempts);
        for (var round = 1; round <= 3; round++)
        {
            var again = Attempts.Where(a => a.Retryable).ToList();
            if (again.Count == 0) break;
            await Task.Delay(TimeSpan.FromSeconds(round == 1 ? 1 : 5));
            await Parallel.ForEachAsync(again, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (a, _) =>
            {
                var reply = await cluster.Api.PostAsync($"/api/v1/projects/{a.ProjectId}/bids", a.Member.Token, a.Body, a.Key.ToString());
                lock (a.Retries) a.Retries.Add(reply);
            });
        }
        return Attempts;
    }
}

/// <summary>
/// What the database and the live feed say about a burst, once the system has settled: every accepted request persisted
/// once, no duplicate bid, no command run twice, every event that was committed delivered.
/// </summary>
public sealed class BurstOutcome
{
    public required int Sent { get; init; }
    public required int AcceptedFirstTry { get; init; }
    public required string Failures { get; init; }
    public required TimeSpan SlowestAnswer { get; init; }
    public required TimeSpan SettledIn { get; init; }
    public required string FirstTryStatuses { get; init; }
    public required int Retried { get; init; }
    public required int AcceptedAfterRetry { get; init; }
    public required string FinalStatuses { get; init; }
    public required int Accepted { get; init; }
    public required int AcceptedPersisted { get; init; }
    public required int PersistedWithout2xx { get; init; }
    public required long Processed { get; init; }
    public required long Executions { get; init; }
    public required int BidRows { get; init; }
    public required int DuplicateBidRows { get; init; }
    public required int WrongBidIds { get; init; }
    public required List<string> ProjectMismatches { get; init; }
    public required long UnsentOutbox { get; init; }
    public required int EventsExpected { get; init; }
    public required int EventsDelivered { get; init; }
    public required int EventsMissing { get; init; }
    public required int EventsDuplicated { get; init; }
    public required int UnionFeedEvents { get; init; }
    public required long ActivityRows { get; init; }
    /// <summary>When the outbox published the events the live feed never got (UTC), to set against the fault's timeline.</summary>
    public required string MissingPublishedAt { get; init; }

    public static async Task<BurstOutcome> SettleAsync(Cluster cluster, IReadOnlyList<Attempt> attempts, IReadOnlyList<Guid> projectIds,
        IReadOnlyDictionary<Guid, HubClient> organizationFeeds, HubClient unionFeed, TimeSpan timeout)
    {
        var projects = projectIds.ToArray();
        var settling = DateTime.UtcNow;
        var until = DateTime.UtcNow + timeout;
        TimeSpan Left() => until - DateTime.UtcNow > TimeSpan.Zero ? until - DateTime.UtcNow : TimeSpan.Zero;

        // Settled: no unsent event of these projects (a killed node's leased rows are taken over after the 30 s lease).
        var unsent = await Cluster.Until(() => cluster.ScalarAsync<long>(
            "SELECT count(*) FROM \"Outbox\" WHERE \"AggregateId\" = ANY(@p) AND \"SentAt\" IS NULL", ("p", projects)), n => n == 0, Left());

        var requests = attempts.Select(a => (a.Key, a.Member.Email)).ToList();
        var processed = await CommandIds.ProcessedAsync(cluster, requests);
        var processedRows = await CommandIds.RowsAsync(cluster, requests);
        var audits = await cluster.QueryAsync(
            "SELECT (\"Data\"::jsonb ->> 'bidId')::uuid, \"At\", \"AggregateId\" FROM \"AuditTrail\" WHERE \"AggregateId\" = ANY(@p) AND \"Action\" = 'BidSubmitted'",
            r => (BidId: r.GetGuid(0), At: new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero).ToUnixTimeMilliseconds(), Project: r.GetGuid(2)), ("p", projects));
        var bids = await cluster.QueryAsync("SELECT \"Id\", \"ProjectId\", \"OrganizationId\", \"Status\" FROM \"Bids\" WHERE \"ProjectId\" = ANY(@p)",
            r => (Id: r.GetGuid(0), Project: r.GetGuid(1), Organization: r.GetGuid(2), Status: r.GetInt32(3)), ("p", projects));
        var rows = await cluster.QueryAsync(
            "SELECT \"Id\", \"BidCount\", \"Version\", (SELECT count(*) FROM \"AuditTrail\" a WHERE a.\"AggregateId\" = p.\"Id\") FROM \"Projects\" p WHERE \"Id\" = ANY(@p)",
            r => (Id: r.GetGuid(0), BidCount: r.GetInt32(1), Version: r.GetInt64(2), Audits: r.GetInt64(3)), ("p", projects));

        var mismatches = new List<string>();
        foreach (var p in rows)
        {
            var live = bids.Count(b => b.Project == p.Id && b.Status == 1);
            if (p.BidCount != live) mismatches.Add($"project {p.Id}: BidCount {p.BidCount} but {live} live bid rows");
            if (p.Version != p.Audits) mismatches.Add($"project {p.Id}: Version {p.Version} but {p.Audits} committed changes in its audit trail");
        }
        var bidOf = bids.GroupBy(b => (b.Project, b.Organization)).ToDictionary(g => g.Key, g => g.ToList());
        var accepted = attempts.Where(a => a.Accepted).ToList();
        var wrongIds = accepted.Count(a =>
            !bidOf.TryGetValue((a.ProjectId, a.Member.OrganizationId), out var list) || list.Count != 1 || list[0].Id != a.Final.Id);

        // Every committed BidSubmitted reaches the bidder's live feed: matched by bid id and the event's own time.
        var expected = audits.Select(a => (a.BidId, a.At)).ToList();
        var organizationOfBid = bids.ToDictionary(b => b.Id, b => b.Organization);
        List<(Guid BidId, long At)> Delivered() => [.. organizationFeeds.Values.SelectMany(f => f.Events)
            .Where(e => e.GetProperty("kind").GetString() == "BidSubmitted" && e.GetProperty("data").TryGetProperty("bidId", out _))
            .Select(e => (e.GetProperty("data").GetProperty("bidId").GetGuid(), DateTimeOffset.Parse(e.GetProperty("data").GetProperty("at").GetString()!).ToUnixTimeMilliseconds()))
            .Where(e => organizationOfBid.ContainsKey(e.Item1))];
        var delivered = await Cluster.Until(async () => { await Task.Yield(); return Delivered(); },
            d => { var got = d.ToHashSet(); return expected.All(got.Contains); }, Left(), TimeSpan.FromMilliseconds(200));
        var deliveredSet = delivered.ToHashSet();
        var activities = await Cluster.Until(() => cluster.ScalarAsync<long>(
            "SELECT count(*) FROM \"Activities\" WHERE \"Kind\" = 'BidSubmitted' AND \"ProjectId\" = ANY(@p)", ("p", projects)),
            n => n >= audits.Count, Left());
        var settledIn = DateTime.UtcNow - settling;
        var missing = expected.Where(e => !delivered.Contains(e)).ToHashSet();
        var sentAt = missing.Count == 0 ? [] : (await cluster.QueryAsync(
                "SELECT (\"Payload\"::jsonb ->> 'bidId')::uuid, \"OccurredAt\", \"SentAt\" FROM \"Outbox\" WHERE \"AggregateId\" = ANY(@p) AND \"Type\" LIKE '%.BidSubmitted'",
                r => (Key: (r.GetGuid(0), new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero).ToUnixTimeMilliseconds()), SentAt: r.IsDBNull(2) ? (DateTime?)null : r.GetDateTime(2)),
                ("p", projects)))
            .Where(o => missing.Contains(o.Key) && o.SentAt is not null).Select(o => o.SentAt!.Value).ToList();
        var unionEvents = unionFeed.Events.Count(e => e.GetProperty("kind").GetString() == "BidSubmitted"
            && e.GetProperty("data").TryGetProperty("projectId", out var p) && projects.Contains(p.GetGuid()));

        return new BurstOutcome
        {
            Sent = attempts.Count,
            AcceptedFirstTry = attempts.Count(a => a.First.Ok),
            FirstTryStatuses = Statuses.Summary(attempts.Select(a => a.First)),
            Failures = Statuses.Failures(attempts.Select(a => a.First).Concat(attempts.SelectMany(a => a.Retries))),
            SlowestAnswer = attempts.Max(a => a.First.Took),
            SettledIn = settledIn,
            Retried = attempts.Count(a => a.Retries.Count > 0),
            AcceptedAfterRetry = attempts.Count(a => !a.First.Ok && a.Accepted),
            FinalStatuses = Statuses.Summary(attempts.Select(a => a.Final)),
            Accepted = accepted.Count,
            AcceptedPersisted = accepted.Count(a => processed.Contains(a.Key)),
            PersistedWithout2xx = attempts.Count(a => !a.Accepted && processed.Contains(a.Key)),
            Processed = processedRows,
            Executions = audits.Count,
            BidRows = bids.Count,
            DuplicateBidRows = bidOf.Values.Where(l => l.Count > 1).Sum(l => l.Count - 1),
            WrongBidIds = wrongIds,
            ProjectMismatches = mismatches,
            UnsentOutbox = unsent,
            EventsExpected = expected.Count,
            EventsDelivered = expected.Count(deliveredSet.Contains),
            EventsMissing = expected.Count(e => !deliveredSet.Contains(e)),
            EventsDuplicated = delivered.Count - deliveredSet.Count,
            UnionFeedEvents = unionEvents,
            ActivityRows = activities,
            MissingPublishedAt = sentAt.Count == 0 ? "-" : $"{sentAt.Min():HH:mm:ss.fff}–{sentAt.Max():HH:mm:ss.fff} UTC",
        };
    }

    public (string, object)[] Figures() =>
    [
        ("requests sent", Sent),
        ("accepted (2xx) on first try", AcceptedFirstTry),
        ("first-try answers", FirstTryStatuses),
        ("failures (first tries and retries)", Failures.Length == 0 ? "none" : Failures),
        ("slowest first-try answer", $"{SlowestAnswer.TotalSeconds:0.0} s"),
        ("retried with the same Idempotency-Key", Retried),
        ("accepted on retry", AcceptedAfterRetry),
        ("final answers", FinalStatuses),
        ("accepted in all", Accepted),
        ("accepted and persisted", AcceptedPersisted),
        ("persisted without a 2xx (answer lost)", PersistedWithout2xx),
        ("commands executed (BidSubmitted in audit)", Executions),
        ("commands recorded (ProcessedMessages)", Processed),
        ("run twice (executed - recorded)", Executions - Processed),
        ("bid rows / duplicated", $"{BidRows} / {DuplicateBidRows}"),
        ("accepted whose bid id differs from the row", WrongBidIds),
        ("BidCount / Version mismatches", ProjectMismatches.Count),
        ("outbox rows left unsent", UnsentOutbox),
        ("settled (outbox drained, feed complete) after", $"{SettledIn.TotalSeconds:0.0} s"),
        ("events committed", EventsExpected),
        ("events delivered to the live feed (by bidId+at)", EventsDelivered),
        ("events missing / delivered twice", $"{EventsMissing} / {EventsDuplicated}"),
        ("missing events were published at", MissingPublishedAt),
        ("union admin feed BidSubmitted (count only)", UnionFeedEvents),
        ("activity rows projected", ActivityRows),
    ];

    /// <summary>The guarantees of docs/architecture.md, asserted one by one so a failure names the broken one.</summary>
    public void AssertGuarantees()
    {
        // The Web calls again (same command id) when a silo is lost mid-call: no client sees the fault.
        Assert.True(Failures.Length == 0, $"failed answers: {Failures}");
        Assert.True(AcceptedPersisted == Accepted, $"{Accepted - AcceptedPersisted} accepted requests are not persisted");
        Assert.True(Executions == Processed, $"{Executions} BidSubmitted executions for {Processed} recorded commands: a command ran twice or unrecorded");
        Assert.True(DuplicateBidRows == 0, $"{DuplicateBidRows} duplicate bid rows");
        Assert.True(WrongBidIds == 0, $"{WrongBidIds} accepted requests whose bid id is not the organization's one bid row");
        Assert.True(ProjectMismatches.Count == 0, string.Join("; ", ProjectMismatches));
        Assert.True(UnsentOutbox == 0, $"{UnsentOutbox} outbox rows never sent");
        Assert.True(EventsMissing == 0, $"{EventsMissing} of {EventsExpected} committed BidSubmitted events never reached the live feed");
        Assert.True(ActivityRows == Executions, $"{ActivityRows} activity rows for {Executions} events (projection lost or doubled some)");
    }
}

internal static class Feeds
{
    /// <summary>A live-feed connection per organization member (the sealed bid's full event goes to its bidder only).</summary>
    public static async Task<Dictionary<Guid, HubClient>> ConnectAsync(Uri web, IEnumerable<Member> members)
    {
        var feeds = new ConcurrentDictionary<Guid, HubClient>();
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (m, _) =>
            feeds[m.OrganizationId] = await HubClient.ConnectAsync(web, m.Token));
        return new Dictionary<Guid, HubClient>(feeds);
    }

    public static async Task DisposeAsync(IEnumerable<HubClient> feeds)
    {
        foreach (var f in feeds) await f.DisposeAsync();
    }

    public static bool IsKind(JsonElement e, string kind) => e.GetProperty("kind").GetString() == kind;
}
