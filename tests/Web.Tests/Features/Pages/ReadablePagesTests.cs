using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Pages;

/// <summary>
/// Pages as a person reads them: names in the reader's language, no ids or raw JSON, labelled and formatted values,
/// Chinese CSV headers, quarters in words, and where each role lands after signing in.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class ReadablePagesTests(PortalHost portal)
{
    [Theory]
    [InlineData("province@demo.local", "黑龙江省总工会", "Heilongjiang FTU")]
    [InlineData("admin@demo.local", "平台管理员", "Platform admin")]
    [InlineData("evaluator1@demo.local", "评审专家 1", "Evaluator 1")]
    public async Task A_display_name_shows_the_part_in_the_readers_language(string email, string chinese, string english)
    {
        using var client = await portal.SignedIn(email);

        var zh = await client.GetStringAsync("/workbench");
        Assert.Contains($"data-testid=\"user-name\" title=\"修改密码\">{chinese}</a>", zh);
        Assert.DoesNotContain(english, zh);

        var en = await client.GetStringAsync("/workbench?culture=en");
        Assert.Contains($"data-testid=\"user-name\" title=\"Change password\">{english}</a>", en);
        Assert.DoesNotContain($"{chinese} {english}", en);
    }

    [Fact]
    public async Task A_union_is_named_in_the_readers_language_on_project_contract_and_dashboard_pages()
    {
        using var union = await portal.SignedIn("province@demo.local");
        var (project, projectUnion) = await portal.Query(async db => await db.Projects.Where(p => p.Status == ProjectStatus.Published)
            .Join(db.Unions, p => p.UnionId, u => u.Id, (p, u) => new { p.Id, u.Name, u.NameEn }).Select(x => ValueTuple.Create(x.Id, ValueTuple.Create(x.Name, x.NameEn))).FirstAsync());
        var (contract, contractUnion) = await portal.Query(async db => await db.Contracts
            .Join(db.Unions, c => c.UnionId, u => u.Id, (c, u) => new { c.Id, u.Name, u.NameEn }).Select(x => ValueTuple.Create(x.Id, ValueTuple.Create(x.Name, x.NameEn))).FirstAsync());

        foreach (var (page, (chinese, english)) in new[]
        {
            ($"/projects/{project}", projectUnion), ($"/contracts/{contract}", contractUnion), ($"/contracts/{contract}/delivery", contractUnion),
            ("/dashboard", ("黑龙江省总工会", "Heilongjiang Federation of Trade Unions")),
        })
        {
            var zh = await union.GetStringAsync(page);
            Assert.Contains(chinese, zh);
            Assert.DoesNotContain(english, zh);
            Assert.Contains(english, await union.GetStringAsync(page + "?culture=en"));
        }
    }

    [Fact]
    public async Task The_workbench_offers_the_approval_queue_to_union_admins_only()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        using var union = await portal.SignedIn("province@demo.local");

        Assert.DoesNotContain("href=\"/organizations/pending\"", await admin.GetStringAsync("/workbench"));
        Assert.Contains("href=\"/organizations/pending\"", await union.GetStringAsync("/workbench"));
        Assert.Equal(HttpStatusCode.OK, (await union.GetAsync("/organizations/pending")).StatusCode);
    }

    [Fact]
    public async Task The_health_page_shows_each_check_in_words_and_health_stays_json()
    {
        using var admin = await portal.SignedIn("admin@demo.local");

        var html = await admin.GetStringAsync("/admin/health");
        Assert.Contains("数据库", html);
        Assert.Contains("定时任务调度", html);
        Assert.Matches(@"<span class=""status status-ok"">正常</span>", html);
        Assert.Matches(@"\d+\.\d 毫秒", html);
        Assert.Contains("href=\"/admin/health\" aria-current=\"page\"", html);

        var json = await admin.GetAsync("/health");
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);

        using var anonymous = portal.Anonymous();
        var denied = await anonymous.GetAsync("/admin/health");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/login", denied.Headers.Location?.PathAndQuery);
    }

    [Fact]
    public async Task The_ranking_names_evaluators_in_chinese()
    {
        var project = await ProvinceProjectAsync(ProjectStatus.Awarded);
        using var union = await portal.SignedIn("province@demo.local");

        var html = await union.GetStringAsync($"/projects/{project}/ranking");

        Assert.Matches(@"<th class=""num evaluator"">评审专家 \d</th>", html);
        Assert.DoesNotContain("Evaluator", html);
    }

    [Fact]
    public async Task The_audit_trail_shows_labelled_readable_values_not_json()
    {
        var project = await ProvinceProjectAsync(ProjectStatus.Awarded);
        using var union = await portal.SignedIn("province@demo.local");

        var html = await union.GetStringAsync($"/projects/{project}/audit");

        Assert.DoesNotMatch(PageText.UnicodeEscape, html);
        Assert.DoesNotContain("\"projectId\"", html);
        Assert.DoesNotContain("<pre", html);
        Assert.Matches(@"<dt>金额</dt><dd>¥[\d,]+\.\d{2}</dd>", html);
        Assert.Matches(@"<dt>投标截止</dt><dd>\d{4}-\d{2}-\d{2} \d{2}:\d{2}</dd>", html);
        Assert.Matches(@"<dt>评审专家</dt><dd>评审专家 \d", html);
        Assert.Contains("<dt>社会组织</dt>", html);
        // Inside the details (not counting links), no id is shown.
        foreach (Match details in DetailsBlock().Matches(html)) Assert.DoesNotMatch(PageText.Guid, details.Value);
    }

    [Fact]
    public async Task The_dashboard_csv_has_headers_and_values_in_the_readers_language()
    {
        using var union = await portal.SignedIn("province@demo.local");

        var zh = await CsvAsync(union, "/api/v1/dashboard.csv");
        Assert.StartsWith("指标,值", zh);
        Assert.Contains("合同金额（元）,", zh);
        Assert.Matches(@"项目数：已签约,\d+", zh);
        Assert.Contains("逾期里程碑所属合同,社会组织,交付成果,到期日,逾期天数,金额（元）", zh);
        Assert.DoesNotContain("Awarded", zh);
        Assert.DoesNotContain("Metric", zh);

        var en = await CsvAsync(union, "/api/v1/dashboard.csv?culture=en");
        Assert.StartsWith("Metric,Value", en);
        Assert.Matches(@"""?Projects: Awarded""?,\d+", en);
        Assert.DoesNotContain("合同金额", en);
    }

    [Fact]
    public async Task Review_quarters_read_as_words()
    {
        // The portal's start opens the last quarter's reviews in the background (the catch-up job): wait for one.
        var review = (await Eventually.Get(() => portal.Query(db => db.QuarterlyReviews.AsNoTracking()
            .Join(db.Contracts.Where(c => c.UnionPath.StartsWith(db.Unions.Where(u => u.Name == "黑龙江省总工会").Select(u => u.Path).First())),
                r => r.ContractId, c => c.Id, (r, c) => new { r.Quarter, r.ContractId }).FirstOrDefaultAsync()), r => r is not null))!;
        using var union = await portal.SignedIn("province@demo.local");

        var zh = await union.GetStringAsync($"/contracts/{review.ContractId}/delivery");
        var quarter = "一二三四"[review.Quarter[5] - '1'];
        Assert.Contains($"{review.Quarter[..4]}年第{quarter}季度", zh);
        Assert.DoesNotContain(review.Quarter, zh);

        var en = await union.GetStringAsync($"/contracts/{review.ContractId}/delivery?culture=en");
        Assert.Contains($"Q{review.Quarter[5]} {review.Quarter[..4]}", en);
    }

    [Fact]
    public async Task An_overdue_milestone_reads_overdue_to_the_union_and_to_the_organization_on_every_view_of_the_contract()
    {
        var today = DateTimeOffset.UtcNow.ToChinaDate();
        var late = await portal.Query(db => db.Milestones.AsNoTracking().Where(m => m.Status == MilestoneStatus.Planned && m.DueDate < today)
            .Join(db.Contracts.Where(c => c.Status == ContractStatus.Active), m => m.ContractId, c => c.Id, (m, c) => new { m.Sequence, c.Id, c.OrganizationId, c.UnionId })
            .FirstAsync());
        var member = await portal.Query(db => db.Users.Where(u => u.OrganizationId == late.OrganizationId).Select(u => u.Email!).FirstAsync());
        var admin = await portal.Query(db => db.Users.Where(u => u.UnionId == late.UnionId).Select(u => u.Email!).FirstOrDefaultAsync()) ?? "province@demo.local";

        foreach (var email in new[] { member, admin })
        {
            using var client = await portal.SignedIn(email);
            foreach (var page in new[] { $"/contracts/{late.Id}/delivery", $"/contracts/{late.Id}" })
            {
                var html = await client.GetStringAsync(page);
                Assert.Contains($"data-testid=\"milestone-status-{late.Sequence}\">已逾期</span>", html);
            }
            var csv = await client.GetStringAsync($"/api/v1/contracts/{late.Id}/payments.csv");
            Assert.Contains("已逾期", csv.Split('\n').Single(l => l.StartsWith($"{late.Sequence},", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task Home_page_projects_and_feed_lines_are_links_and_bid_lines_name_their_project()
    {
        using var anonymous = portal.Anonymous();
        var home = await anonymous.GetStringAsync("/");
        var latest = Regex.Match(home, "data-testid=\"latest-projects\".*?</table>", RegexOptions.Singleline).Value;
        Assert.Matches("<td data-label=\"项目名称\"><a href=\"/projects/[0-9a-f-]{36}\">", latest);
        Assert.Matches("<span class=\"kind\">[^<]+</span>\\s*<a href=\"/(projects|organizations)/", home);

        Assert.True(await portal.Query(db => db.Activities.AnyAsync(a => a.Kind == "BidSubmitted")), "the demo has bids in the activity stream");
        using var union = await portal.SignedIn("province@demo.local");
        var dashboard = await union.GetStringAsync("/dashboard");
        Assert.DoesNotMatch(@"收到投标</span>\s*</li>", dashboard);
        Assert.Matches(@"收到投标</span>\s*<a href=""/projects/[0-9a-f-]{36}"">[^<]+</a>", dashboard);
    }

    [Theory]
    [InlineData("admin@demo.local")]
    [InlineData("province@demo.local")]
    [InlineData("org1@demo.local")]
    [InlineData("evaluator1@demo.local")]
    public async Task Signing_in_lands_on_the_workbench_or_on_the_return_url(string email)
    {
        Assert.Equal("/workbench", await SignInAsync(email, null));
        Assert.Equal("/projects?status=Published", await SignInAsync(email, "/projects?status=Published"));
    }

    [Fact]
    public async Task The_layout_offers_a_skip_link_and_a_menu_button()
    {
        using var anonymous = portal.Anonymous();
        var html = await anonymous.GetStringAsync("/");
        Assert.Matches(@"<a class=""skip-link"" href=""#main"">跳到主要内容</a>", html);
        Assert.Matches(@"<button type=""button"" class=""menu-toggle"" aria-expanded=""true"" aria-controls=""site-menu"" hidden>\s*菜单\s*</button>", html);
        Assert.Contains("<main id=\"main\"", html);
    }

    private async Task<Guid> ProvinceProjectAsync(ProjectStatus status) =>
        await portal.Query(db => db.Projects.AsNoTracking()
            .Where(p => p.Status == status && p.Evaluators.Any() && p.UnionPath.StartsWith(db.Unions.Where(u => u.Name == "黑龙江省总工会").Select(u => u.Path).First()))
            .Select(p => p.Id).FirstAsync());

    private static async Task<string> CsvAsync(HttpClient client, string url)
    {
        var bytes = await client.GetByteArrayAsync(url);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    /// <summary>Signs in through the portal's form and returns where the portal sends the browser.</summary>
    private async Task<string?> SignInAsync(string email, string? returnUrl)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        var login = await client.GetStringAsync("/login");
        var token = Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new Dictionary<string, string> { ["Email"] = email, ["Password"] = PortalHost.Password, ["__RequestVerificationToken"] = token };
        if (returnUrl is not null) form["ReturnUrl"] = returnUrl;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.OriginalString;
    }

    [Fact]
    public async Task Every_chart_gives_screen_readers_its_numbers_in_a_table_under_the_same_caption()
    {
        using var union = await portal.SignedIn("province@demo.local");
        foreach (var page in new[] { "/", "/dashboard" })
        {
            var html = await union.GetStringAsync(page);
            var figures = Regex.Matches(html, "<figure>.*?</figure>", RegexOptions.Singleline).Select(m => m.Value).Where(f => f.Contains("class=\"chart\"")).ToList();
            Assert.True(figures.Count >= 2, $"{page} draws {figures.Count} charts");
            foreach (var figure in figures)
            {
                // The picture is hidden from screen readers; the table beside it holds what it shows.
                Assert.Contains("aria-hidden=\"true\"", figure);
                var caption = Regex.Match(figure, "<figcaption>(.*?)</figcaption>").Groups[1].Value;
                var table = Regex.Match(figure, "<table class=\"sr-only\" data-testid=\"chart-table\">.*?</table>", RegexOptions.Singleline).Value;
                Assert.Contains($"<caption>{caption}</caption>", table);
                var values = Regex.Matches(table, "<th scope=\"row\">[^<]+</th><td>([^<]+)</td>").Select(m => m.Groups[1].Value).ToList();
                Assert.True(values.Count >= 2, $"{page}, chart {caption}: {values.Count} rows");
                Assert.All(values, v => Assert.Matches(@"^(¥[\d,]+\.\d{2}|[\d,]+)$", v));
            }
        }
    }

    [GeneratedRegex("<details>.*?</details>", RegexOptions.Singleline)]
    private static partial Regex DetailsBlock();
}
