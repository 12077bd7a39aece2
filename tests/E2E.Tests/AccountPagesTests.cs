using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Tests.Support;

namespace Procurement.E2E.Tests;

/// <summary>回避申报 and 账号改绑 in the portal: an evaluator declares a tie; the platform admin moves a union admin to another union.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesTests(Browser browser)
{
    [Fact]
    public async Task An_evaluator_declares_a_tie_and_the_platform_admin_rebinds_a_union_admin()
    {
        var evaluator = await browser.NewPage();
        await browser.SignIn(evaluator, "evaluator5@demo.local");
        await evaluator.GetByRole(AriaRole.Link, new() { Name = "回避申报" }).ClickAsync();
        await evaluator.GetByRole(AriaRole.Button, new() { Name = "申报关联" }).ClickAsync();
        await Assertions.Expect(evaluator.Locator("[data-valmsg-for='OrganizationId']")).ToHaveTextAsync("此项为必填项");
        await evaluator.GetByLabel("关联单位").SelectOptionAsync(new SelectOptionValue { Label = "心视界社工机构" });
        await evaluator.GetByLabel("关联情形").FillAsync("配偶在该机构任职");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = "申报关联" }).ClickAsync();
        await Assertions.Expect(evaluator.GetByTestId("ties")).ToContainTextAsync("心视界社工机构");
        await Browser.ShootBoth(evaluator, "account-ties");
        // Withdrawn again, so the demo evaluator may still score that organization's bids in the other browser tests.
        await evaluator.GetByRole(AriaRole.Button, new() { Name = "撤销" }).ClickAsync();
        await Assertions.Expect(evaluator.GetByTestId("no-ties")).ToBeVisibleAsync();

        var clerk = await browser.Query(db => db.Users.Where(u => u.Email == "lanzhou@demo.local").Select(u => u.Id).SingleAsync());
        var admin = await browser.NewPage();
        await browser.SignIn(admin, "admin@demo.local");
        await admin.GotoAsync("/admin/users?q=lanzhou");
        await admin.GetByRole(AriaRole.Link, new() { Name = "改绑 lanzhou@demo.local" }).ClickAsync();
        await admin.GetByLabel("所属工会").SelectOptionAsync(new SelectOptionValue { Label = "白银市总工会" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "改绑" }).ClickAsync();
        await Browser.Confirm(admin, "重新登录", "改绑", shot: "account-rebind-confirm");
        await Assertions.Expect(admin.GetByRole(AriaRole.Status).Filter(new() { HasText = "已改绑" })).ToBeVisibleAsync();
        await Browser.ShootBoth(admin, "account-rebind");
        var baiyin = await browser.Query(db => db.Unions.Where(u => u.Name == "白银市总工会").Select(u => u.Id).SingleAsync());
        Assert.Equal(baiyin, await browser.Query(db => db.Users.Where(u => u.Id == clerk).Select(u => u.UnionId).SingleAsync()));

        // Put the demo account back where the other browser tests expect it.
        var lanzhou = await browser.Query(db => db.Unions.Where(u => u.Name == "兰州市总工会").Select(u => u.Id).SingleAsync());
        await admin.GetByLabel("所属工会").SelectOptionAsync(lanzhou.ToString());
        await admin.GetByRole(AriaRole.Button, new() { Name = "改绑" }).ClickAsync();
        await Browser.Confirm(admin, "重新登录", "改绑");
        Assert.True(await Poll.UntilAsync(async () => await browser.Query(db => db.Users.Where(u => u.Id == clerk).Select(u => u.UnionId).SingleAsync()) == lanzhou),
            "the demo account was not put back");
    }
}
