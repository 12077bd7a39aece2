using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.E2E.Tests;

/// <summary>The header menu on a phone, and the admin, review and audit pages at desktop and phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReadablePagesTests(Browser browser)
{
    [Fact]
    public async Task On_a_phone_the_menu_folds_behind_a_button_the_keyboard_opens_and_closes()
    {
        var page = await browser.NewPage(width: 390, height: 844);
        await browser.SignIn(page, "province@demo.local");
        var menu = page.GetByRole(AriaRole.Button, new() { Name = "菜单" });
        var dashboard = page.GetByRole(AriaRole.Link, new() { Name = "数据看板" });

        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(dashboard).ToBeHiddenAsync();
        var header = await page.Locator("header.top").BoundingBoxAsync();
        Assert.True(header!.Height < 64, $"the folded header is {header.Height} px high: more than one row");
        await Browser.Shoot(page, "menu-closed-phone");

        // The skip link is the first stop of the keyboard, then the menu button opens with Enter.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" })).ToBeFocusedAsync();
        await menu.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(dashboard).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("黑龙江省总工会");
        await Browser.Shoot(page, "menu-open-phone");

        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(menu).ToHaveAttributeAsync("aria-expanded", "false");
        await Assertions.Expect(menu).ToBeFocusedAsync();
        await Assertions.Expect(dashboard).ToBeHiddenAsync();

        // At desktop width there is no button and every link shows.
        await page.SetViewportSizeAsync(1280, 900);
        await Assertions.Expect(menu).ToBeHiddenAsync();
        await Assertions.Expect(dashboard).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_platform_admin_reads_health_and_jobs_as_portal_pages()
    {
        var page = await browser.NewPage();
        await browser.SignIn(page, "admin@demo.local");
        await page.GetByRole(AriaRole.Link, new() { Name = "系统状态" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("系统状态");
        await Assertions.Expect(page.GetByTestId("health")).ToContainTextAsync("数据库");
        await Browser.ShootBoth(page, "admin-health");

        await page.GetByRole(AriaRole.Link, new() { Name = "用户管理" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("users")).ToContainTextAsync("province@demo.local");
        await Browser.ShootBoth(page, "admin-users");
        await page.GetByTestId("user-name").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("修改密码");
        await Browser.ShootBoth(page, "account-password");

        await page.GetByRole(AriaRole.Link, new() { Name = "定时任务" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("jobs")).ToContainTextAsync("到期提醒");
        await Browser.ShootBoth(page, "admin-jobs");

        // A quarter start's opening in progress on a Silo: its bar moves as it reports, without reloading the page, and
        // goes when the run ends.
        using (var run = RunningJob.Start<Procurement.Silo.Scheduling.OpenQuarterlyReviewsJob>(browser.Services.GetRequiredService<Hangfire.JobStorage>(),
            "silo-a:4711", new(2_500, 10_003)))
        {
            await page.ReloadAsync();
            var progress = page.GetByTestId("job-progress");
            await Assertions.Expect(progress).ToHaveTextAsync("已处理 2,500 / 10,003（24%）");
            run.Report(new(7_500, 10_003));
            await Assertions.Expect(progress).ToHaveTextAsync("已处理 7,500 / 10,003（74%）");
            await Assertions.Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "开启季度评估的进度" })).ToHaveAttributeAsync("value", "7500");
            await Browser.ShootBoth(page, "admin-jobs-running");
        }
        await Assertions.Expect(page.GetByTestId("job-progress")).ToHaveCountAsync(0);

        // On a phone each job is a card and its 立即执行 button is in view, not off to the side.
        await page.SetViewportSizeAsync(390, 844);
        var button = page.GetByRole(AriaRole.Button, new() { Name = "立即执行：到期提醒" });
        var box = await button.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 390, "the run-now button is off screen");

        // Running a job asks first, naming it and what it does; then it is triggered.
        await button.ClickAsync();
        await Browser.Confirm(page, "将立即执行「到期提醒」", "立即执行", shot: "admin-jobs-confirm-phone");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("到期提醒");
    }

    [Fact]
    public async Task An_evaluator_reaches_the_scoring_actions_on_a_phone()
    {
        var page = await browser.NewPage();
        await browser.SignIn(page, "evaluator1@demo.local");
        Assert.EndsWith("/workbench", page.Url);
        await Browser.ShootBoth(page, "workbench-evaluator");
        await page.GotoAsync("/reviews");
        await Browser.ShootBoth(page, "reviews-evaluator");

        // A review to score (the portal's start opens last quarter's in the background) shows the contract's delivery
        // record beside empty scores, each with its comment.
        var review = await Eventually.Get(() => browser.Query(db => db.ReviewEvaluators.Where(e => e.ScoredAt == null && !e.ConflictDeclared
                && db.QuarterlyReviews.Any(r => r.Id == e.ReviewId && r.Status == ReviewStatus.Open))
            .Join(db.Users.Where(u => u.Email!.StartsWith("evaluator")), e => e.EvaluatorId, u => u.Id, (e, u) => new { e.ReviewId, u.Email })
            .FirstOrDefaultAsync()), r => r is not null);
        var scoring = await browser.NewPage();
        await browser.SignIn(scoring, review!.Email!);
        await scoring.GotoAsync($"/reviews/{review.ReviewId}");
        await Assertions.Expect(scoring.GetByTestId("delivery-record")).ToBeVisibleAsync();
        await Assertions.Expect(scoring.GetByLabel("服务质量得分（0–100）")).ToHaveValueAsync("");
        await Browser.ShootBoth(scoring, "review-score");
    }

    [Fact]
    public async Task The_union_reads_its_audit_trail_dashboard_and_ranking()
    {
        var project = await browser.Query(db => db.Projects.AsNoTracking()
            .Where(p => p.Status == ProjectStatus.Awarded && p.Evaluators.Any() && p.UnionPath.StartsWith(db.Unions.Where(u => u.Name == "黑龙江省总工会").Select(u => u.Path).First()))
            .Select(p => p.Id).FirstAsync());
        var page = await browser.NewPage(width: 1366, height: 768);
        await browser.SignIn(page, "province@demo.local");

        await page.GotoAsync($"/projects/{project}/audit");
        await page.Locator("details summary").First.ClickAsync();
        await Browser.ShootBoth(page, "audit-readable");

        await page.GotoAsync($"/projects/{project}/ranking");
        // At 1366 px the last evaluator's column is inside the table's frame, not clipped.
        var frame = await page.Locator(".table-wrap").First.BoundingBoxAsync();
        var last = await page.Locator("th.evaluator").Last.BoundingBoxAsync();
        Assert.True(last!.X + last.Width <= frame!.X + frame.Width + 1, "the last evaluator column is clipped at 1366 px");
        await Browser.ShootBoth(page, "ranking-1366");

        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.GetByTestId("chart-table").First).ToBeAttachedAsync();
        await Browser.ShootBoth(page, "dashboard-readable");
        await page.GotoAsync("/");
        await Browser.ShootBoth(page, "home-readable");
    }
}
