using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>A published project on which org1 has one valid bid; the broken amendments below must leave that bid as it is.</summary>
public sealed class ProjectWithABid(LifecyclePortal portal) : IAsyncLifetime
{
    public Guid ProjectId { get; private set; }
    public Guid BidId { get; private set; }
    public JsonObject Draft { get; private set; } = null!;
    public JsonObject Bid { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var life = new Lifecycle(portal);
        (ProjectId, Draft) = await life.Published(TimeSpan.FromDays(5));
        Bid = Bodies.Bid(Draft, 150_000_00);
        BidId = await life.Bid(Who.Org1, ProjectId, Bid);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A bid that breaks a rule is refused with problem details naming the field, and the organization's bid stays as it was.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class BidInputTests(LifecyclePortal portal, ProjectWithABid target) : IClassFixture<ProjectWithABid>
{
    private readonly Lifecycle life = new(portal);

    public static TheoryData<string, string> Broken => new()
    {
        { "plan of 8001 characters", "plan" },
        { "missing plan", "plan" },
        { "team of 2001 characters", "team" },
        { "negative amount", "amountFen" },
        { "zero amount", "amountFen" },
        { "amount above the budget ceiling", "amountFen" },
        { "amount of long.MaxValue", "amountFen" },
        { "budget lines one fen short of the amount", "budgetLines" },
        { "budget lines of long.MaxValue each", "budgetLines" },
        { "a budget line without an item", "budgetLines" },
        { "missing budget lines", "budgetLines" },
        { "milestone shares summing to 90", "milestones" },
        { "a milestone due after the service period", "milestones" },
        { "a milestone due before the service period", "milestones" },
        { "a zero milestone share", "milestones" },
        { "no milestones", "milestones" },
        { "missing milestones", "milestones" },
        { "negative target sessions", "targetSessions" },
    };

    private void Break(JsonObject b, string what)
    {
        var start = DateOnly.Parse(target.Draft["serviceStart"]!.GetValue<string>());
        var end = DateOnly.Parse(target.Draft["serviceEnd"]!.GetValue<string>());
        switch (what)
        {
            case "plan of 8001 characters": b["plan"] = new string('案', 8001); break;
            case "missing plan": b.Remove("plan"); break;
            case "team of 2001 characters": b["team"] = new string('员', 2001); break;
            case "negative amount": b["amountFen"] = -100L; break;
            case "zero amount": b["amountFen"] = 0L; break;
            case "amount above the budget ceiling":
                b["amountFen"] = Bodies.BudgetFen + 1;
                b["budgetLines"]![1]!["amountFen"] = Bodies.BudgetFen + 1 - b["budgetLines"]![0]!["amountFen"]!.GetValue<long>(); break;
            case "amount of long.MaxValue": b["amountFen"] = long.MaxValue; break;
            case "budget lines one fen short of the amount": b["budgetLines"]![0]!["amountFen"] = b["budgetLines"]![0]!["amountFen"]!.GetValue<long>() - 1; break;
            case "budget lines of long.MaxValue each":
                b["budgetLines"]![0]!["amountFen"] = long.MaxValue; b["budgetLines"]![1]!["amountFen"] = long.MaxValue; break;
            case "a budget line without an item": b["budgetLines"]![0]!["item"] = " "; break;
            case "missing budget lines": b.Remove("budgetLines"); break;
            case "milestone shares summing to 90": b["milestones"]![1]!["sharePercent"] = 50; break;
            case "a milestone due after the service period": b["milestones"]![1]!["dueDate"] = end.AddDays(1).ToString("yyyy-MM-dd"); break;
            case "a milestone due before the service period": b["milestones"]![0]!["dueDate"] = start.AddDays(-1).ToString("yyyy-MM-dd"); break;
            case "a zero milestone share":
                b["milestones"]!.AsArray().Add(new JsonObject { ["deliverable"] = "附加", ["dueDate"] = start.AddDays(10).ToString("yyyy-MM-dd"), ["sharePercent"] = 0 }); break;
            case "no milestones": b["milestones"] = new JsonArray(); break;
            case "missing milestones": b.Remove("milestones"); break;
            case "negative target sessions": b["targetSessions"] = -1; break;
            default: throw new ArgumentOutOfRangeException(nameof(what), what);
        }
    }

    private Task<(string Plan, long Amount, BidStatus Status, int BidCount, int Bids)> TheBid() => portal.Query(async db =>
    {
        var bid = await db.Bids.AsNoTracking().SingleAsync(b => b.Id == target.BidId);
        var project = await db.Projects.AsNoTracking().SingleAsync(p => p.Id == target.ProjectId);
        return (bid.Plan, bid.AmountFen, bid.Status, project.BidCount, await db.Bids.CountAsync(b => b.ProjectId == target.ProjectId));
    });

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_amendment_is_refused_with_the_field_at_fault_and_the_bid_stays_as_it_was(string what, string field)
    {
        var before = await TheBid();
        var amendment = Bodies.Bid(target.Draft, 140_000_00);
        Break(amendment, what);
        using var org1 = await life.As(Who.Org1);

        var response = await Lifecycle.PostBid(org1, target.ProjectId, amendment);

        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", field);
        Assert.Equal(before, await TheBid());
        Assert.Equal((target.Bid["plan"]!.GetValue<string>(), 150_000_00L, BidStatus.Submitted, 1, 1), await TheBid());
    }

    [Fact]
    public async Task A_first_bid_that_breaks_a_rule_creates_no_bid()
    {
        using var org2 = await life.As(Who.Org2);
        var response = await Lifecycle.PostBid(org2, target.ProjectId, Bodies.Bid(target.Draft, Bodies.BudgetFen * 2));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "amountFen");
        Assert.Equal((ProjectStatus.Published, 1, 1), await life.Row(target.ProjectId));
    }

    [Fact]
    public async Task A_milestone_that_is_null_is_refused_as_input_not_a_server_error()
    {
        var before = await TheBid();
        var amendment = Bodies.Bid(target.Draft, 140_000_00);
        amendment["milestones"]!.AsArray().Add(null);
        using var org1 = await life.As(Who.Org1);
        var response = await Lifecycle.PostBid(org1, target.ProjectId, amendment);
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "milestones");
        Assert.Equal(before, await TheBid());
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "truncated JSON", "{\"plan\": \"x\", " },
        { "an empty body", "" },
        { "amount as text", "{\"amountFen\": \"十万\"}" },
        { "amount beyond a 64-bit integer", "{\"amountFen\": 99999999999999999999}" },
        { "a due date that is no date", "{\"milestones\": [{\"deliverable\": \"x\", \"dueDate\": \"soon\", \"sharePercent\": 100}]}" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_bid_body_that_cannot_be_read_is_a_400_problem_and_the_bid_stays_as_it_was(string what, string body)
    {
        var before = await TheBid();
        using var org1 = await life.As(Who.Org1);
        var response = await org1.PostAsync($"/api/v1/projects/{target.ProjectId}/bids", Json.Raw(body));
        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(before == await TheBid(), what);
    }

    [Fact]
    public async Task A_bid_on_a_project_that_does_not_exist_or_is_still_a_draft_is_a_404()
    {
        using var org1 = await life.As(Who.Org1);
        var missing = await Lifecycle.PostBid(org1, Guid.NewGuid(), Bodies.Bid(target.Draft, 100_000_00));
        await missing.AssertProblem(HttpStatusCode.NotFound, "project.not_found");

        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(3));
        var draftId = await life.CreateDraft(province, draft);
        // To an organization a draft does not exist (it cannot read it); a bid must not reveal that it does.
        var early = await Lifecycle.PostBid(org1, draftId, Bodies.Bid(draft, 100_000_00));
        await early.AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        Assert.Equal((ProjectStatus.Draft, 0, 0), await life.Row(draftId));
    }
}
