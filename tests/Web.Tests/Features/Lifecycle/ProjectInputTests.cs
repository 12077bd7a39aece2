using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>A draft that breaks a rule is refused with problem details naming the field, and no project is created.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ProjectInputTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    /// <summary>Breaks one thing in a valid draft; the expected field is the one the problem must blame.</summary>
    public static TheoryData<string, string, string> Broken => new()
    {
        { "title of 201 characters", "validation.failed", "title" },
        { "missing title", "validation.failed", "title" },
        { "missing category", "validation.failed", "category" },
        { "description of 8001 characters", "validation.failed", "description" },
        { "negative budget", "validation.failed", "budgetFen" },
        { "zero budget", "validation.failed", "budgetFen" },
        { "budget of long.MaxValue", "validation.failed", "budgetFen" },
        { "provincial long.MaxValue + local 1 overflows", "validation.failed", "provincialFundingFen" },
        { "sources at the cap summing past the budget", "validation.failed", "funding" },
        { "negative local funding", "validation.failed", "localFundingFen" },
        { "funding one fen short of the budget", "validation.failed", "funding" },
        { "weights summing to 99", "validation.failed", "criteria" },
        { "weights summing to 101", "validation.failed", "criteria" },
        { "a zero weight", "validation.failed", "criteria" },
        { "duplicate criteria", "validation.failed", "criteria" },
        { "no criteria", "validation.failed", "criteria" },
        { "missing criteria", "validation.failed", "criteria" },
        { "bidding closes before it opens", "validation.failed", "bidClosesAt" },
        { "service ends before it starts", "validation.failed", "serviceEnd" },
        { "service starts before bidding closes", "validation.failed", "serviceStart" },
        { "bidding opening at 0001-01-01", "validation.failed", "bidOpensAt" },
        { "bidding closing at the last instant of 9999", "validation.failed", "bidClosesAt" },
        { "service starting 1900-01-01", "validation.failed", "serviceStart" },
        { "service ending 9999-12-31", "validation.failed", "serviceEnd" },
        { "bidding open for over a year", "validation.failed", "bidClosesAt" },
        { "a service period of over five years", "validation.failed", "serviceEnd" },
        { "negative target beneficiaries", "validation.failed", "targetBeneficiaries" },
        { "missing target groups", "validation.failed", "targetGroups" },
        { "unknown union", "union.not_found", "unionId" },
        { "unknown brand", "brand.not_found", "brandId" },
    };

    private static void Break(JsonObject d, string what)
    {
        switch (what)
        {
            case "title of 201 characters": d["title"] = d["title"]!.GetValue<string>().PadRight(201, '项'); break;
            case "missing title": d.Remove("title"); break;
            case "missing category": d.Remove("category"); break;
            case "description of 8001 characters": d["description"] = new string('述', 8001); break;
            case "negative budget": d["budgetFen"] = -1L; break;
            case "zero budget": d["budgetFen"] = 0L; d["provincialFundingFen"] = 0L; d["localFundingFen"] = 0L; break;
            case "budget of long.MaxValue": d["budgetFen"] = long.MaxValue; break;
            case "provincial long.MaxValue + local 1 overflows":
                d["budgetFen"] = long.MaxValue; d["provincialFundingFen"] = long.MaxValue; d["localFundingFen"] = 1L; d["otherFundingFen"] = 0L; break;
            case "sources at the cap summing past the budget":
                d["budgetFen"] = 10_000_000_000_000L; d["provincialFundingFen"] = 10_000_000_000_000L;
                d["localFundingFen"] = 10_000_000_000_000L; d["otherFundingFen"] = 10_000_000_000_000L; break;
            case "negative local funding": d["localFundingFen"] = -80_000_00L; d["provincialFundingFen"] = Bodies.BudgetFen + 80_000_00L; break;
            case "funding one fen short of the budget": d["localFundingFen"] = 80_000_00L - 1; break;
            case "weights summing to 99": d["criteria"]![0]!["weight"] = 39; break;
            case "weights summing to 101": d["criteria"]![0]!["weight"] = 41; break;
            case "a zero weight":
                d["criteria"]!.AsArray().Add(new JsonObject { ["name"] = "其他", ["weight"] = 0 }); break;
            case "duplicate criteria": d["criteria"]![1]!["name"] = d["criteria"]![0]!["name"]!.GetValue<string>(); break;
            case "no criteria": d["criteria"] = new JsonArray(); break;
            case "missing criteria": d.Remove("criteria"); break;
            case "bidding closes before it opens": d["bidClosesAt"] = DateTimeOffset.UtcNow.AddMinutes(-10); break;
            case "service ends before it starts": d["serviceEnd"] = d["serviceStart"]!.GetValue<string>(); break;
            case "service starts before bidding closes":
                d["serviceStart"] = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd"); break;
            case "bidding opening at 0001-01-01": d["bidOpensAt"] = "0001-01-01T00:00:00Z"; break;
            case "bidding closing at the last instant of 9999": d["bidClosesAt"] = DateTimeOffset.MaxValue; break;
            case "service starting 1900-01-01": d["serviceStart"] = "1900-01-01"; break;
            case "service ending 9999-12-31": d["serviceEnd"] = "9999-12-31"; break;
            case "bidding open for over a year":
                d["bidClosesAt"] = d["bidOpensAt"]!.GetValue<DateTimeOffset>().AddYears(1).AddMinutes(1);
                d["serviceStart"] = "2099-01-01"; d["serviceEnd"] = "2099-06-30"; break;
            case "a service period of over five years":
                d["serviceEnd"] = DateOnly.Parse(d["serviceStart"]!.GetValue<string>()).AddYears(5).AddDays(1).ToString("yyyy-MM-dd"); break;
            case "negative target beneficiaries": d["targetBeneficiaries"] = -1; break;
            case "missing target groups": d.Remove("targetGroups"); break;
            case "unknown union": d["unionId"] = Guid.NewGuid(); break;
            case "unknown brand": d["brandId"] = Guid.NewGuid(); break;
            default: throw new ArgumentOutOfRangeException(nameof(what), what);
        }
    }

    private async Task<int> ProjectsCount() => await portal.Query(db => db.Projects.CountAsync());

    [Theory]
    [MemberData(nameof(Broken))]
    public async Task A_broken_draft_is_refused_with_the_field_at_fault_and_creates_nothing(string what, string code, string field)
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(7), await life.BrandId());
        var marker = Guid.NewGuid().ToString("N");
        draft["description"] = marker;
        Break(draft, what);
        var before = await ProjectsCount();

        var response = await province.PostAsync("/api/v1/projects", Json.Body(draft));

        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, code, field);
        Assert.Equal(before, await ProjectsCount());
        Assert.False(await portal.Query(db => db.Projects.AnyAsync(p => p.Description == marker)));
    }

    [Fact]
    public async Task The_draft_that_the_broken_ones_start_from_is_accepted_with_a_200_character_title()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(7), await life.BrandId());
        draft["title"] = draft["title"]!.GetValue<string>().PadRight(200, '项');
        var id = await life.CreateDraft(province, draft);
        var row = await portal.Query(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(200, row.Title.Length);
        Assert.Equal((Bodies.BudgetFen, 120_000_00L, 80_000_00L, 0L), (row.BudgetFen, row.ProvincialFundingFen, row.LocalFundingFen, row.OtherFundingFen));
        Assert.Equal(100, row.Criteria.Sum(c => c.Weight));
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "truncated JSON", "{\"title\": " },
        { "not JSON at all", "title=x" },
        { "an empty body", "" },
        { "a JSON array", "[]" },
        { "budget as text", "{\"budgetFen\": \"two hundred thousand\"}" },
        { "budget beyond a 64-bit integer", "{\"budgetFen\": 9223372036854775808}" },
        { "budget with a fraction of a fen", "{\"budgetFen\": 100.5}" },
        { "a date that is no date", "{\"bidClosesAt\": \"next friday\"}" },
        { "a union id that is no id", "{\"unionId\": \"heilongjiang\"}" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_body_that_cannot_be_read_is_a_400_problem_and_creates_nothing(string what, string body)
    {
        using var province = await life.As(Who.Province);
        var before = await ProjectsCount();
        var response = await province.PostAsync("/api/v1/projects", Json.Raw(body));
        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(before == await ProjectsCount(), what);
    }

    [Fact]
    public async Task A_draft_on_the_edges_of_the_calendar_and_of_the_periods_is_accepted()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(7));
        var opens = draft["bidOpensAt"]!.GetValue<DateTimeOffset>();
        draft["bidClosesAt"] = opens.AddYears(1);
        var start = DateOnly.FromDateTime(opens.AddYears(1).ToOffset(TimeSpan.FromHours(8)).Date);
        draft["serviceStart"] = start.ToString("yyyy-MM-dd");
        draft["serviceEnd"] = start.AddYears(5).ToString("yyyy-MM-dd");
        var id = await life.CreateDraft(province, draft);
        var row = await portal.Query(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == id));
        Assert.Equal(start.AddYears(5), row.ServiceEnd);
    }

    [Fact]
    public async Task An_empty_object_is_refused_with_every_missing_field_named()
    {
        using var province = await life.As(Who.Province);
        var response = await province.PostAsync("/api/v1/projects", Json.Raw("{}"));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "title", "category", "budgetFen", "criteria", "bidClosesAt");
    }

    [Fact]
    public async Task A_criterion_that_is_null_is_refused_as_input_not_a_server_error()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(7));
        draft["criteria"]!.AsArray().Add(null);
        var before = await ProjectsCount();
        var response = await province.PostAsync("/api/v1/projects", Json.Body(draft));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "criteria");
        Assert.Equal(before, await ProjectsCount());
    }

    [Fact]
    public async Task Publishing_twice_or_after_the_deadline_is_refused_and_leaves_the_project_as_it_was()
    {
        using var province = await life.As(Who.Province);
        var (published, _) = await life.Published(TimeSpan.FromDays(3));
        await (await province.PostAsync($"/api/v1/projects/{published}/publish", null)).AssertProblem(HttpStatusCode.Conflict, "project.not_draft");

        var lapsed = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddSeconds(1));
        var id = await life.CreateDraft(province, lapsed);
        await Task.Delay(1200);
        await (await province.PostAsync($"/api/v1/projects/{id}/publish", null)).AssertProblem(HttpStatusCode.UnprocessableEntity, "project.not_publishable", "bidClosesAt");
        Assert.Equal((Procurement.Contracts.Domain.ProjectStatus.Draft, 0, 0), await life.Row(id));

        await (await province.PostAsync($"/api/v1/projects/{Guid.NewGuid()}/publish", null)).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
    }
}
