using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Procurement.E2E.Tests;

/// <summary>A page that cannot be shown is the portal's own page, on a desktop and a phone, with a way back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorPageBrowserTests(Browser browser)
{
    [Fact]
    public async Task A_link_to_a_page_that_does_not_exist_shows_the_portal_error_page_with_its_header_and_the_way_back()
    {
        foreach (var (width, height, name) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
        {
            var page = await browser.NewPage(width, height);
            await page.GotoAsync("/projects");
            await page.EvaluateAsync("() => { const a = document.createElement('a'); a.href = '/projects/00000000-0000-0000-0000-000000000001'; a.id = 'gone'; a.textContent = 'gone'; document.body.prepend(a); }");
            var answer = await page.RunAndWaitForResponseAsync(() => page.Locator("#gone").ClickAsync(),
                r => r.Url.EndsWith("/projects/00000000-0000-0000-0000-000000000001", StringComparison.Ordinal));
            Assert.Equal(404, answer.Status);
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("找不到这个页面");
            await Assertions.Expect(page.Locator("header.top")).ToBeVisibleAsync();
            await Browser.Shoot(page, "error-404-" + name);
            Assert.Null(await Browser.ScrollsSideways(page));
            await page.GetByRole(AriaRole.Link, new() { Name = "返回上一页" }).ClickAsync();
            // The URL is polled: waiting for the page's load event (WaitForURLAsync) missed it once on a loaded CI machine.
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("/projects$"));
        }
    }
}
