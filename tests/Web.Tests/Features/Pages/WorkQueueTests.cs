using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Pages;

/// <summary>工作台's queues: what waits for each role, counted and listed from the caller's own subtree, organization or assignments.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class WorkQueueTests(PortalHost portal)
{
    private static DateOnly Today => DateTimeOffset.UtcNow.ToChinaDate();

    [Fact]
    public async Task A_reported_milestone_waits_in_its_own_unions_queue_oldest_first_and_in_no_other_unions()
    {
        var lanzhouPath = await portal.Query(db => db.Unions.Where(u => u.Name == "兰州市总工会").Select(u => u.Path).FirstAsync());
        if (!await portal.Query(db => db.Milestones.AnyAsync(m => m.Status == MilestoneStatus.Reported
                && db.Contracts.Any(c => c.Id == m.ContractId && c.UnionPath.StartsWith(lanzhouPath)))))
        {
            var planned = await portal.Query(db => db.Contracts.Where(c => c.UnionPath.StartsWith(lanzhouPath) && c.Status == ContractStatus.Active)
                .SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Planned), (c, m) => new { c.Id, c.OrganizationId, Milestone = m.Id })
                .FirstAsync());
            var member = await portal.Query(db => db.Users.Where(u => u.OrganizationId == planned.OrganizationId).Select(u => u.Email!).FirstAsync());
            using var organization = await portal.SignedIn(member);
            var reported = await LiveFeedTests.ReportAsync(organization, planned.Id, planned.Milestone);
            Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        }
        var waiting = await portal.Query(db => db.Contracts.Where(c => c.UnionPath.StartsWith(lanzhouPath))
            .SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Reported), (c, m) => new { c.Id, m.ReportedAt })
            .ToListAsync());
        var oldest = waiting.OrderBy(w => w.ReportedAt).First();

        using var lanzhou = await portal.SignedIn("lanzhou@demo.local");
        // A union's queues are shared through the aggregate cache: the report's event, on its way through the outbox and
        // the live feed, makes the next page recompute them.
        var queue = await Eventually.Get(async () => Queue(await lanzhou.GetStringAsync("/workbench"), "verify"), q => Count(q) == waiting.Count);
        Assert.Equal(waiting.Count, Count(queue));
        Assert.Matches($"<li><a href=\"/contracts/{oldest.Id}/delivery\">", queue);
        Assert.Contains("已等待", queue);
        var all = await lanzhou.GetStringAsync("/workbench/verify");
        Assert.Equal(waiting.Count, Regex.Matches(all, "<a href=\"/contracts/[0-9a-f-]{36}/delivery\">").Count);

        // Harbin and the Heilongjiang province union are not above Lanzhou: the report is not theirs to verify.
        foreach (var other in new[] { "province@demo.local", "city@demo.local" })
        {
            using var client = await portal.SignedIn(other);
            Assert.DoesNotContain($"/contracts/{oldest.Id}/delivery", Queue(await client.GetStringAsync("/workbench"), "verify"));
            Assert.DoesNotContain($"/contracts/{oldest.Id}/delivery", await client.GetStringAsync("/workbench/verify"));
        }
    }

    [Fact]
    public async Task An_organization_sees_its_milestones_due_within_two_weeks_and_those_overdue_marked_as_such()
    {
        var horizon = Today.AddDays(14);
        var due = await portal.Query(db => db.Contracts.Where(c => c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying)
            .SelectMany(c => c.Milestones.Where(m => m.Status == MilestoneStatus.Planned && m.DueDate <= horizon), (c, m) => new { c.OrganizationId, m.DueDate })
            .ToListAsync());
        var organizationId = due.GroupBy(d => d.OrganizationId).OrderByDescending(g => g.Count()).First().Key;
        var member = await portal.Query(db => db.Users.Where(u => u.OrganizationId == organizationId).Select(u => u.Email!).FirstAsync());
        var own = due.Where(d => d.OrganizationId == organizationId).ToList();

        using var client = await portal.SignedIn(member);
        var queue = Queue(await client.GetStringAsync("/workbench"), "due");
        Assert.Equal(own.Count, Count(queue));
        Assert.Equal(Math.Min(own.Count, 5), Regex.Matches(queue, "<li>").Count);
        var first = own.Min(d => d.DueDate);
        if (first < Today)
            Assert.Contains($"已逾期 {Today.DayNumber - first.DayNumber} 天", queue);
        else
            Assert.Contains($"{first:yyyy-MM-dd} 到期", queue);
    }

    [Fact]
    public async Task An_evaluator_sees_the_open_quarterly_reviews_it_has_not_scored_with_their_deadlines()
    {
        var waiting = await portal.Query(db => db.Contracts.SelectMany(c => c.Reviews, (c, r) => r).Where(r => r.Status == ReviewStatus.Open)
            .SelectMany(r => r.Evaluators.Where(e => e.ScoredAt == null && !e.ConflictDeclared), (r, e) => new { r.Id, r.DueAt, e.EvaluatorId })
            .ToListAsync());
        Assert.NotEmpty(waiting);
        var evaluatorId = waiting.GroupBy(w => w.EvaluatorId).OrderByDescending(g => g.Count()).First().Key;
        var open = waiting.Where(w => w.EvaluatorId == evaluatorId).ToList();
        var email = await portal.Query(db => db.Users.Where(u => u.Id == evaluatorId).Select(u => u.Email!).FirstAsync());

        using var evaluator = await portal.SignedIn(email);
        var queue = Queue(await evaluator.GetStringAsync("/workbench"), "reviews");
        Assert.Equal(open.Count, Count(queue));
        foreach (var review in open.OrderBy(r => r.DueAt).Take(5))
        {
            Assert.Contains($"<a href=\"/reviews/{review.Id}\">", queue);
            Assert.Contains($"截止 {review.DueAt.ToChinaString()}", queue);
        }
        // The quarter reads as words, not as its key (2026Q3).
        Assert.Matches(@"\d{4}年第[一二三四]季度", queue);
        Assert.DoesNotMatch(@"\d{4}Q\d", queue);
    }

    [Fact]
    public async Task A_draft_the_union_just_created_is_on_its_workbench_at_once_though_the_subtrees_list_is_shared()
    {
        var life = new Lifecycle.Lifecycle(portal);
        using var union = await portal.SignedIn("province@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await union.GetAsync("/workbench?stage=Draft")).StatusCode);
        using var api = await life.As(Lifecycle.Who.Province);
        var title = $"工作台草稿 {Guid.NewGuid():N}";
        // Closing last of all drafts, it heads the list of drafts.
        await life.CreateDraft(api, Lifecycle.Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(200), title: title));
        Assert.Contains(title, await union.GetStringAsync("/workbench?stage=Draft"));
    }

    [Theory]
    [InlineData("/workbench?stage=999")]
    [InlineData("/workbench?page=99999")]
    [InlineData("/workbench?stage=Draft&page=2")]
    public async Task An_unknown_stage_or_a_page_past_the_end_shows_an_empty_list_not_an_error(string url)
    {
        using var union = await portal.SignedIn("province@demo.local");
        var html = await union.GetStringAsync(url);
        Assert.Contains("data-testid=\"workbench-projects\"", html);
    }

    [Theory]
    [InlineData("lanzhou@demo.local", "verify", "due")]
    [InlineData("org2@demo.local", "due", "verify")]
    [InlineData("evaluator1@demo.local", "reviews", "organizations")]
    [InlineData("admin@demo.local", null, "verify")]
    public async Task A_queue_page_answers_its_own_role_and_is_not_found_for_any_other(string email, string? own, string foreign)
    {
        using var client = await portal.SignedIn(email);
        if (own is not null) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/workbench/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/workbench/{foreign}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/workbench/no-such-queue")).StatusCode);
        using var anonymous = portal.Anonymous();
        var refused = await anonymous.GetAsync($"/workbench/{own ?? foreign}");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/login", refused.Headers.Location!.ToString());
    }

    /// <summary>A queue as the page shows it: its card, or for a clear queue its link on the line of clear ones.</summary>
    private static string Queue(string html, string key)
    {
        var match = Regex.Match(html, $"<section class=\"card queue\" data-testid=\"queue-{key}\".*?</section>", RegexOptions.Singleline);
        if (!match.Success) match = Regex.Match(html, $"<a href=\"/workbench/{key}\" data-testid=\"queue-{key}\">.*?</a>", RegexOptions.Singleline);
        Assert.True(match.Success, $"no queue {key} on the page");
        return match.Value;
    }

    private static int Count(string queue) => int.Parse(QueueCount().Match(queue).Groups[1].Value);

    [GeneratedRegex("data-testid=\"queue-count\">(\\d+)<")]
    private static partial Regex QueueCount();
}
