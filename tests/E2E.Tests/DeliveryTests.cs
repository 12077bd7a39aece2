using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;

using Procurement.Tests.Support;

namespace Procurement.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DeliveryTests(Browser browser)
{
    [Fact]
    public async Task An_organization_reports_with_a_file_the_union_sees_it_live_verifies_and_the_organization_sees_the_payment()
    {
        // The Chengguan contract: 城关区总工会 (under Lanzhou) with org2's organization, watched by lanzhou@.
        var contract = await browser.Query(db => db.Contracts.Include(c => c.Milestones)
            .FirstAsync(c => c.Title.Contains("青柠") && c.Milestones.Any(m => m.Status == MilestoneStatus.Planned)));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();
        var delivery = $"/contracts/{contract.Id}/delivery";

        var union = await browser.NewPage();
        await browser.SignIn(union, "lanzhou@demo.local");
        await union.GotoAsync(delivery);
        await Assertions.Expect(union.Locator("html")).ToHaveAttributeAsync("data-live", "connected");
        // The milestone is past its due date: the union and the organization both read it as overdue, not as merely planned.
        await Assertions.Expect(union.GetByTestId($"milestone-status-{milestone.Sequence}")).ToHaveTextAsync(
            milestone.DueDate < DateTimeOffset.UtcNow.ToChinaDate() ? "已逾期" : "待上报");

        var organization = await browser.NewPage();
        await browser.SignIn(organization, "org2@demo.local");
        await organization.GotoAsync(delivery);
        var item = organization.GetByTestId($"milestone-{milestone.Sequence}");
        await item.GetByLabel("服务人次").FillAsync("180");
        await item.GetByLabel("活动场次").FillAsync("9");
        await item.GetByLabel("支出金额（元）").FillAsync("15000.50");
        await item.GetByLabel("成果说明").FillAsync("寒假托管班开展9次，服务职工子女180人次。");
        await item.GetByLabel("佐证材料（图片或PDF）").SetInputFilesAsync(new FilePayload { Name = "托管现场.png", MimeType = "image/png", Buffer = TestFiles.Png });
        await Browser.Shoot(organization, "delivery-report-form");
        await item.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(organization.GetByRole(AriaRole.Status)).ToContainTextAsync("成果已上报");

        // The union's page, opened before the report, shows it without a reload.
        await Assertions.Expect(union.GetByTestId($"milestone-status-{milestone.Sequence}")).ToHaveTextAsync("待验收", new() { Timeout = 15_000 });
        await Assertions.Expect(union.GetByRole(AriaRole.Link, new() { Name = "托管现场.png" })).ToBeVisibleAsync();
        // The evidence shows as a thumbnail of the image itself, and 退回 as the styled (red-bordered) action beside 验收.
        var thumbnail = union.GetByRole(AriaRole.Link, new() { Name = "托管现场.png" }).Locator("img");
        await thumbnail.ScrollIntoViewIfNeededAsync();
        Assert.True(await thumbnail.EvaluateAsync<bool>("img => img.decode().then(() => img.naturalWidth > 0)"), "the evidence thumbnail did not load");
        var sendBack = union.GetByTestId($"milestone-{milestone.Sequence}").GetByRole(AriaRole.Button, new() { Name = "退回" });
        await Assertions.Expect(sendBack).ToHaveCSSAsync("color", "rgb(164, 14, 38)");
        await Browser.Shoot(union, "delivery-union-live");

        // The clerk's way to it on another day: 工作台's queue of reports awaiting verification, then the report itself.
        var before = await browser.Query(db => db.Notifications.CountAsync(n => n.ReadAt == null && db.Users.Any(u => u.Id == n.UserId && u.Email == "org2@demo.local")));
        await union.GotoAsync("/workbench");
        await union.GetByTestId("queue-verify").GetByRole(AriaRole.Link, new() { Name = "待验收的里程碑成果" }).ClickAsync();
        await union.Locator($"[data-testid=queue-items] a[href='{delivery}']").First.ClickAsync();
        await Assertions.Expect(union).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"{delivery}$"));

        await union.GetByTestId($"accept-{milestone.Sequence}").ClickAsync();
        await Browser.Confirm(union, "拨付 ¥", "验收通过并拨付", shot: "delivery-accept-confirm");
        await Assertions.Expect(union.GetByRole(AriaRole.Status)).ToContainTextAsync("已验收");

        // The organization's page shows the payment, live as well.
        var paid = await browser.Query(db => db.Milestones.Where(m => m.Id == milestone.Id).Select(m => m.PaidFen).FirstAsync());
        Assert.True(paid > 0);
        await Assertions.Expect(organization.GetByTestId($"milestone-paid-{milestone.Sequence}")).ToHaveTextAsync(new Money(paid).ToString(), new() { Timeout = 15_000 });
        // The contract's total paid includes any milestone paid before (the demo delivered the first one of a contract made from a need).
        var total = await browser.Query(db => db.Contracts.Where(c => c.Id == contract.Id).Select(c => c.PaidFen).FirstAsync());
        Assert.True(total >= paid);
        await Assertions.Expect(organization.GetByTestId("paid").Locator("strong")).ToHaveTextAsync(new Money(total).ToString());
        await Browser.Shoot(organization, "delivery-organization-paid");

        // The organization is told, in the menu of the page it has open (no reload), then on 我的消息.
        var badge = organization.Locator(".account [data-unread]");
        await Assertions.Expect(badge).ToHaveTextAsync((before + 2).ToString(), new() { Timeout = 15_000 }); // verified, and paid
        await organization.Locator("header a[href='/notifications']").ClickAsync();
        var notices = organization.GetByTestId("notifications");
        await Assertions.Expect(notices.Locator("li.unread").Filter(new() { HasText = "成果已验收" }).First).ToContainTextAsync(contract.Title);
        await Assertions.Expect(notices.Locator("li.unread").Filter(new() { HasText = "资金拨付" }).First).ToContainTextAsync(new Money(paid).ToString());
        await Browser.ShootBoth(organization, "notifications");
        await organization.GetByRole(AriaRole.Link, new() { Name = "通知设置" }).ClickAsync();
        await Browser.ShootBoth(organization, "notification-settings");

        var phone = await browser.NewPage(width: 390, height: 844);
        await browser.SignIn(phone, "org2@demo.local");
        await phone.GotoAsync(delivery);
        await Browser.Shoot(phone, "delivery-phone");
        Assert.Null(await Browser.ScrollsSideways(phone));
    }

    [Fact]
    public async Task The_union_dashboard_draws_its_charts_and_offers_the_csv()
    {
        var page = await browser.NewPage();
        await browser.SignIn(page, "province@demo.local");
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("黑龙江省总工会");
        // Funding, money, people, grades, and the beneficiaries' mean satisfaction by region.
        await Assertions.Expect(page.Locator("[data-chart] svg")).ToHaveCountAsync(5);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 CSV" }).ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.StartsWith("指标,值", csv.TrimStart('\uFEFF'));
        Assert.Contains("合同金额（元）", csv);
        await Browser.Shoot(page, "dashboard");
        var phone = await browser.NewPage(width: 390, height: 844);
        await browser.SignIn(phone, "province@demo.local");
        await phone.GotoAsync("/dashboard");
        await Browser.Shoot(phone, "dashboard-phone");
        Assert.Null(await Browser.ScrollsSideways(phone));
    }
}
