using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;

namespace Procurement.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(Browser browser)
{
    [Fact]
    public async Task A_provincial_union_admin_signs_in_and_sees_the_chinese_home_page_with_its_totals()
    {
        var page = await browser.NewPage();
        await browser.SignIn(page, "province@demo.local");
        // Signing in lands on the workbench; the home page is one click away.
        Assert.EndsWith("/workbench", page.Url);
        await page.GetByRole(AriaRole.Link, new() { Name = "首页", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync("黑龙江省总工会");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("工会购买社会组织服务平台");

        var organizations = await browser.Query(db => db.Organizations.CountAsync(o => o.Status == OrganizationStatus.Approved));
        await Assertions.Expect(page.GetByTestId("total-organizations").Locator("strong")).ToHaveTextAsync(organizations.ToString());
        var funding = await browser.Query(db => db.Projects.Where(p => p.Status != ProjectStatus.Draft && p.Status != ProjectStatus.Cancelled).SumAsync(p => p.BudgetFen));
        await Assertions.Expect(page.GetByTestId("total-funding").Locator("strong")).ToHaveTextAsync(new Money(funding).ToString());

        // The charts drew (ECharts renders SVG) and the live feed connected.
        await Assertions.Expect(page.Locator("#chart-funding svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#chart-regions svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-live", "connected");
        await Browser.Shoot(page, "home-province-desktop");
    }

    [Fact]
    public async Task The_home_page_fits_a_phone_screen()
    {
        var page = await browser.NewPage(width: 390, height: 844);
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByTestId("total-funding")).ToBeVisibleAsync();
        await Browser.Shoot(page, "home-phone");
        Assert.Null(await Browser.ScrollsSideways(page));
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_english_and_back()
    {
        var page = await browser.NewPage();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Unions buying services from social organizations");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(new Regex("工会"));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_error_on_the_login_page()
    {
        var page = await browser.NewPage();
        await page.GotoAsync("/login");
        await page.GetByLabel("电子邮箱").FillAsync("city@demo.local");
        await page.GetByLabel("密码").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("邮箱或密码错误");
        Assert.Contains("/login", page.Url);
    }
}
