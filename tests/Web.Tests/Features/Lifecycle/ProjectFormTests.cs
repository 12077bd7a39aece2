using System.Net;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>新建项目 as a browser posts it: dates a person can type in a date picker, however wrong, are field errors.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ProjectFormTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    public static TheoryData<string, string, string, string> OutOfCalendar => new()
    {
        { "0001-01-01T00:00:00", "2026-12-31T17:00:00", "2027-01-10", "2027-06-30" },
        { "2026-12-01T09:00:00", "9999-12-31T23:59:59", "2027-01-10", "2027-06-30" },
        { "2026-12-01T09:00:00", "2026-12-31T17:00:00", "1900-01-01", "9999-12-31" },
    };

    [Theory]
    [MemberData(nameof(OutOfCalendar))]
    public async Task A_date_outside_the_calendar_is_shown_beside_its_field_and_creates_nothing(string opens, string closes, string start, string end)
    {
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Province);
        var title = $"日期边界 {Guid.NewGuid():N}";

        var answer = await browser.PostFormAsync("/projects/new", new()
        {
            ["Input.RequestId"] = Guid.NewGuid().ToString(),
            ["Input.UnionId"] = (await life.Heilongjiang()).ToString(),
            ["Input.Title"] = title,
            ["Input.Category"] = "心理援助",
            ["Input.TargetGroups"] = "企业职工",
            ["Input.ServiceRegions"] = "哈尔滨市",
            ["Input.Budget"] = "200000",
            ["Input.ProvincialFunding"] = "200000",
            ["Input.LocalFunding"] = "0",
            ["Input.OtherFunding"] = "0",
            ["Input.Criteria[0].Name"] = "服务方案",
            ["Input.Criteria[0].Weight"] = "100",
            ["Input.BidOpensAt"] = opens,
            ["Input.BidClosesAt"] = closes,
            ["Input.ServiceStart"] = start,
            ["Input.ServiceEnd"] = end,
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        var wrong = new[] { ("BidOpensAt", opens), ("BidClosesAt", closes), ("ServiceStart", start), ("ServiceEnd", end) }
            .Where(f => !f.Item2.StartsWith("202", StringComparison.Ordinal)).Select(f => f.Item1).ToList();
        Assert.NotEmpty(wrong);
        foreach (var field in wrong)
            Assert.Matches($"data-valmsg-for=\"Input.{field}\"[^>]*>日期须在 2000-01-01 至 2099-12-31 之间", html);
        Assert.False(await portal.Query(db => db.Projects.AnyAsync(p => p.Title == title)));
    }
}
