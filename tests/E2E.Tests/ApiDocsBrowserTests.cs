using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Procurement.E2E.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ApiDocsBrowserTests(Browser browser)
{
    [Fact]
    public async Task The_api_reference_renders_the_operations_in_a_browser_without_breaking_the_pages_security_policy()
    {
        var page = await browser.NewPage();
        var refused = new List<string>();
        page.Console += (_, m) => { if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) refused.Add(m.Text); };
        var failed = new List<string>();
        page.RequestFailed += (_, r) => failed.Add(r.Url);

        await page.GotoAsync("/api/docs");
        await Assertions.Expect(page.GetByText("Sign in and receive a bearer token").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(new Regex("Authorization: Bearer")).First).ToBeVisibleAsync();
        await Browser.Shoot(page, "api-docs");

        Assert.Empty(refused);
        Assert.Empty(failed);
    }
}
