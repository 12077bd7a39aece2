using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>Forms posted as a browser without its own checks would: each message names what is wrong, beside the input at fault, once.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class FormMessageTests(LifecyclePortal portal, ProjectsUnderEvaluation target) : IClassFixture<ProjectsUnderEvaluation>
{
    private readonly Lifecycle life = new(portal);

    private static string Beside(string html, string field) =>
        Regex.Match(html, $"data-valmsg-for=\"{Regex.Escape(field)}\"[^>]*>([^<]*)<").Groups[1].Value;

    [Fact]
    public async Task A_budget_beyond_any_sum_says_it_is_too_large_not_that_it_has_too_many_decimals()
    {
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Province);
        var answer = await browser.PostFormAsync("/projects/new", new()
        {
            ["Input.UnionId"] = (await life.Heilongjiang()).ToString(),
            ["Input.Budget"] = "99999999999999999999",
            ["Input.ProvincialFunding"] = "0.001",
        });
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("金额超出上限", Beside(html, "Input.Budget"));
        Assert.Equal("金额最多保留两位小数", Beside(html, "Input.ProvincialFunding"));
    }

    [Fact]
    public async Task Scores_out_of_range_are_marked_on_their_own_inputs_and_saved_nowhere()
    {
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Evaluators[0]);
        var before = await portal.Query(db => db.BidScores.CountAsync());
        var answer = await browser.PostFormAsync($"/projects/{target.Scored}/evaluate?handler=Score&bidId={target.ScoredTop}", new()
        {
            ["Scores[0].Criterion"] = "服务方案", ["Scores[0].Score"] = "150",
            ["Scores[1].Criterion"] = "团队能力", ["Scores[1].Score"] = "-5",
            ["Scores[2].Criterion"] = "经费合理性", ["Scores[2].Score"] = "60",
        }, formPage: $"/projects/{target.Scored}/evaluate");

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var marked = Regex.Matches(html, "<input id=\"(score-\\d+-\\d+)\"[^>]*aria-invalid=\"true\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, marked.Count);
        Assert.All(marked, id => Assert.Contains($"<span id=\"{id}-error\" class=\"field-error\">每项评分应在0至100之间</span>", html));
        Assert.Matches("<input id=\"score-\\d+-2\"(?![^>]*aria-invalid)[^>]*value=\"60\"", html);
        Assert.Equal(before, await portal.Query(db => db.BidScores.CountAsync()));
    }

    [Fact]
    public async Task An_award_without_its_reason_says_so_in_the_summary_list_and_beside_the_field_only()
    {
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Province);
        var answer = await browser.PostFormAsync($"/projects/{target.Scored}/ranking?handler=Award", new() { ["BidId"] = target.ScoredOther.ToString() },
            formPage: $"/projects/{target.Scored}/ranking");

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(2, Regex.Matches(html, "未选择排名第一的投标时，须填写理由").Count);
        Assert.Contains("<strong>提交的内容有误，请检查标出的字段</strong>", html);
        Assert.Equal(0, await portal.Query(db => db.Contracts.CountAsync(c => c.ProjectId == target.Scored)));
    }

    [Fact]
    public async Task A_milestone_report_sent_empty_names_each_field_beside_it()
    {
        var contract = await portal.Query(db => db.Contracts.Include(c => c.Milestones)
            .FirstAsync(c => c.Title.Contains("大庆") && c.Milestones.Any(m => m.Status == MilestoneStatus.Planned)));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Org1);

        var answer = await browser.PostFormAsync($"/contracts/{contract.Id}/delivery?handler=Report", new()
        {
            ["ReportedMilestone"] = milestone.Id.ToString(),
            ["Report.BeneficiariesServed"] = "",
            ["Report.SessionsHeld"] = "many",
            ["Report.ExpenditureYuan"] = "",
        }, formPage: $"/contracts/{contract.Id}/delivery");

        var html = await answer.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("此项为必填项", Beside(html, "Report.BeneficiariesServed"));
        Assert.Equal("格式不正确", Beside(html, "Report.SessionsHeld"));
        Assert.Equal("此项为必填项", Beside(html, "Report.ExpenditureYuan"));
        // The summary names the fields and links to the inputs that carry the ids it names.
        Assert.Contains("<a href=\"#Report_BeneficiariesServed\">服务人次：此项为必填项</a>", html);
        Assert.Contains("id=\"Report_BeneficiariesServed\"", html);
        Assert.Contains("value=\"many\"", html);
        Assert.Equal(MilestoneStatus.Planned, await portal.Query(db => db.Milestones.Where(m => m.Id == milestone.Id).Select(m => m.Status).FirstAsync()));
    }
}
