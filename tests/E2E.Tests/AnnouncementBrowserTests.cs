using Microsoft.Playwright;

namespace Procurement.E2E.Tests;

/// <summary>通知公告 in the portal: a union writes one through the form (a missing title shown beside its field), and a visitor's open home page shows it without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AnnouncementBrowserTests(Browser browser)
{
    [Fact]
    public async Task A_union_publishes_an_announcement_and_a_visitors_open_home_page_lists_it_live()
    {
        var title = "关于开展“工会服务进万家”活动的通知（" + Guid.NewGuid().ToString("N")[..6] + "）";
        var visitor = await browser.NewPage();
        await visitor.GotoAsync("/");
        await Assertions.Expect(visitor.GetByTestId("announcements")).ToContainTextAsync("社会组织参与工会服务项目办事指南");

        var union = await browser.NewPage();
        await browser.SignIn(union, "province@demo.local");
        await union.GotoAsync("/announcements");
        await union.GetByRole(AriaRole.Link, new() { Name = "发布通知公告" }).ClickAsync();
        await union.GetByLabel("类别").SelectOptionAsync(new SelectOptionValue { Label = "工作通知" });
        await union.GetByLabel("正文").FillAsync("各市（地）总工会：\n\n请于12月31日前报送活动方案。");
        await union.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Browser.Confirm(union, "所有人可见", "发布");
        await Assertions.Expect(union.Locator("[data-valmsg-for='Title']")).ToHaveTextAsync("此项为必填项");
        await Browser.ShootBoth(union, "announcement-write-error");
        await union.GetByLabel("标题").FillAsync(title);
        await union.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        await Browser.Confirm(union, "所有人可见", "发布");
        await Assertions.Expect(union.GetByRole(AriaRole.Status).Filter(new() { HasText = "公告已发布" })).ToBeVisibleAsync();
        await Assertions.Expect(union.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(union.GetByTestId("body")).ToContainTextAsync("请于12月31日前报送活动方案。");
        await Browser.ShootBoth(union, "announcement");

        await Assertions.Expect(visitor.GetByTestId("announcements")).ToContainTextAsync(title);
        await Browser.ShootBoth(visitor, "home-announcements");
    }
}
