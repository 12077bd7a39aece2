using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Procurement.Silo.Scheduling;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features;

[Collection(PortalCollection.Name)]
public sealed class JobsTests(PortalHost portal)
{
    [Fact]
    public async Task The_jobs_api_lists_every_job_with_its_next_fire_time()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        var jobs = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var names = jobs.EnumerateArray().Select(j => j.GetProperty("name").GetString()).ToList();
        Assert.Contains("close-project-bidding", names);
        foreach (var name in new[] { "close-due-bidding", "outbox-cleanup" })
        {
            var job = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == name);
            var trigger = Assert.Single(job.GetProperty("triggers").EnumerateArray());
            Assert.False(string.IsNullOrEmpty(trigger.GetProperty("schedule").GetString()));
            Assert.True(trigger.GetProperty("nextFireAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddSeconds(-5));
        }
    }

    [Fact]
    public async Task Publishing_a_project_scheduled_the_close_of_its_bidding_at_its_own_deadline()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        var open = await portal.Query(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Projects.Where(p => p.Status == Procurement.Contracts.Domain.ProjectStatus.Published)));
        Assert.NotEmpty(open);
        var job = await Eventually.Get(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().Single(j => j.GetProperty("name").GetString() == "close-project-bidding"),
            j => j.GetProperty("triggers").GetArrayLength() >= open.Count);
        var triggers = job.GetProperty("triggers").EnumerateArray()
            .Select(t => (Project: t.GetProperty("projectId").GetGuid(), At: t.GetProperty("nextFireAt").GetDateTimeOffset())).ToList();
        // At the deadline, rounded up to the whole second (Hangfire's delayed jobs keep whole seconds): never before it.
        Assert.All(open, p => Assert.Contains(triggers, t => t.Project == p.Id && t.At >= p.BidClosesAt && t.At - p.BidClosesAt < TimeSpan.FromSeconds(1)));
        // One line per project, though the start of this embedded portal scheduled every open project's close again.
        Assert.Equal(triggers.Count, triggers.Select(t => t.Project).Distinct().Count());
    }

    [Fact]
    public async Task Run_now_fires_the_job_and_its_outcome_is_recorded()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        var response = await admin.PostAsync("/api/v1/admin/jobs/outbox-cleanup/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var job = await Eventually.Get(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().Single(j => j.GetProperty("name").GetString() == "outbox-cleanup"),
            j => j.GetProperty("lastRun").ValueKind == JsonValueKind.Object);
        Assert.True(job.GetProperty("lastRun").GetProperty("succeeded").GetBoolean());
        Assert.StartsWith("outbox-cleaned|", job.GetProperty("lastRun").GetProperty("summary").GetString());
    }

    [Fact]
    public async Task A_run_in_progress_shows_how_far_it_has_come_in_the_api_and_on_the_page()
    {
        // A quarterly opening running on a Silo, as the job storage holds it: processing, with the progress it reported.
        using var run = RunningJob.Start<OpenQuarterlyReviewsJob>(portal.Services.GetRequiredService<JobStorage>(), "silo-a:4711", new JobProgress(2_500, 10_003));

        using var admin = await portal.SignedIn("admin@demo.local");
        var jobs = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs");
        var running = Assert.Single(jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "open-quarterly-reviews").GetProperty("running").EnumerateArray());
        Assert.Equal(("silo-a:4711", 2_500, 10_003), (running.GetProperty("node").GetString(),
            running.GetProperty("progress").GetProperty("done").GetInt32(), running.GetProperty("progress").GetProperty("total").GetInt32()));
        Assert.All(jobs.EnumerateArray().Where(j => j.GetProperty("name").GetString() != "open-quarterly-reviews"),
            j => Assert.Equal(0, j.GetProperty("running").GetArrayLength()));

        using var page = new PageClient(portal.BaseAddress);
        await page.SignInAsync("admin@demo.local");
        var html = await (await page.GetAsync("/admin/jobs")).Content.ReadAsStringAsync();
        Assert.Contains("<progress value=\"2500\" max=\"10003\"", html);
        Assert.Contains("已处理 2,500 / 10,003（24%）", html);
    }

    [Fact]
    public async Task Triggering_an_unknown_job_is_a_404_problem()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        var response = await admin.PostAsync("/api/v1/admin/jobs/no-such-job/trigger", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("job.not_found", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task The_jobs_page_shows_the_jobs_to_a_platform_admin_signed_in_with_the_portal_cookie()
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = portal.BaseAddress };
        var login = await client.GetStringAsync("/login");
        var token = System.Text.RegularExpressions.Regex.Match(login, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "admin@demo.local", ["Password"] = PortalHost.Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var page = await client.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("关闭到期投标（补漏）", html);
        Assert.Contains("立即执行", html);
    }

    [Fact]
    public async Task The_jobs_page_names_jobs_triggers_and_outcomes_in_chinese_without_ids()
    {
        using var admin = await portal.SignedIn("admin@demo.local");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/admin/jobs/reminders/trigger", null)).StatusCode);
        await Eventually.Get(
            async () => (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/jobs")).EnumerateArray().Single(j => j.GetProperty("name").GetString() == "reminders"),
            j => j.GetProperty("lastRun").ValueKind == JsonValueKind.Object);
        var published = await portal.Query(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Projects.Where(p => p.Status == Procurement.Contracts.Domain.ProjectStatus.Published)));

        var html = await admin.GetStringAsync("/admin/jobs");

        Assert.Contains("到期提醒", html);
        Assert.Contains("开启季度评估", html);
        Assert.Contains("每季度首日 00:05（北京时间）", html);
        Assert.Matches(@"发送了 \d+ 条提醒", html);
        Assert.Contains($"项目 {published.Title} 的投标截止", html);
        Assert.DoesNotMatch(PageText.Guid, html);
        Assert.DoesNotContain("reminders-hourly", html);
        Assert.DoesNotContain(">Normal<", html);
    }

    [Fact]
    public async Task The_job_console_opens_for_the_platform_admin_only()
    {
        using var anonymous = new PageClient(portal.BaseAddress);
        var toLogin = await anonymous.GetAsync("/admin/hangfire/");
        Assert.Equal(HttpStatusCode.Redirect, toLogin.StatusCode);
        Assert.Equal("/login", toLogin.Headers.Location!.AbsolutePath);

        foreach (var email in new[] { "province@demo.local", "org1@demo.local", "evaluator1@demo.local" })
        {
            using var refused = new PageClient(portal.BaseAddress);
            await refused.SignInAsync(email);
            var answer = await refused.GetAsync("/admin/hangfire/");
            Assert.True(answer.StatusCode == HttpStatusCode.Redirect && answer.Headers.Location!.AbsolutePath == "/error/403",
                $"{email}: {(int)answer.StatusCode} {answer.Headers.Location}");
            var trigger = await refused.GetAsync("/admin/hangfire/recurring");
            Assert.NotEqual(HttpStatusCode.OK, trigger.StatusCode);
        }

        using var admin = new PageClient(portal.BaseAddress);
        await admin.SignInAsync("admin@demo.local");
        var console = await admin.GetAsync("/admin/hangfire/recurring");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        var html = await console.Content.ReadAsStringAsync();
        Assert.Contains("open-quarterly-reviews", html);
        Assert.Contains("Asia/Shanghai", html);
    }
}
