using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Procurement.Tests.Support;

namespace Procurement.E2E.Tests;

/// <summary>
/// The seeded portal plus Debian's Chromium driven by Playwright, started once for the browser tests. Without
/// /usr/bin/chromium the tests are skipped with one line saying so, unless PROCUREMENT_REQUIRE_TOOLS=1 (CI) makes that a failure.
/// </summary>
public sealed class Browser : PortalHost
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? playwright;

    public IBrowser? Chromium { get; private set; }

    /// <summary>Where screenshots go, for people to look at after a run.</summary>
    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public override async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath)) return;
        await base.InitializeAsync();
        Directory.CreateDirectory(Screenshots);
        // Expectations wait as long as actions do: with the other test projects running beside this one on two cores, a
        // form post that commits through a grain and redirects has taken over Playwright's default 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Chromium = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        playwright?.Dispose();
        if (File.Exists(ChromiumPath)) await base.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) at the given width; skips the test when Chromium is absent.</summary>
    public async Task<IPage> NewPage(int width = 1280, int height = 900)
    {
        if (Chromium is null)
        {
            var message = $"Chromium not found at {ChromiumPath}: browser tests skipped (apt-get install chromium fonts-noto-cjk).";
            if (Environment.GetEnvironmentVariable("PROCUREMENT_REQUIRE_TOOLS") == "1") Assert.Fail(message);
            Assert.Skip(message);
        }
        var context = await Chromium!.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height }, Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task SignIn(IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("电子邮箱").FillAsync(email);
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/login"));
    }

    /// <summary>
    /// Answers the confirmation of an irreversible action: the dialog must say <paramref name="says"/>; its yes button is
    /// <paramref name="yes"/>. Returns once the dialog is gone.
    /// </summary>
    public static async Task Confirm(IPage page, string says, string yes, string? shot = null)
    {
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog).ToContainTextAsync(says);
        if (shot is not null) await Shoot(page, shot);
        await dialog.GetByRole(AriaRole.Button, new() { Name = yes }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }

    /// <summary>A desktop and a 390 px screenshot of the page (optionally after going to a URL); the phone one must not scroll sideways.</summary>
    public static async Task ShootBoth(IPage page, string name, string? url = null)
    {
        if (url is not null) await page.GotoAsync(url);
        if (await page.Locator("[data-chart]").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("[data-chart] svg").First).ToBeVisibleAsync();
            await page.WaitForTimeoutAsync(400); // the charts' short animation
        }
        var size = page.ViewportSize;
        await Shoot(page, name + "-desktop");
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(400); // charts redraw on resize
        await Shoot(page, name + "-phone");
        var overflow = await ScrollsSideways(page);
        await page.SetViewportSizeAsync(size?.Width ?? 1280, size?.Height ?? 900);
        Assert.True(overflow is null, $"{name}: {overflow} scrolls sideways at 390 px");
    }

    /// <summary>
    /// What scrolls sideways as the page is shown now: the page itself, or a table inside its scrolling frame (on a phone, a
    /// column off to the side hides its actions as surely as a wide page does); null when nothing does.
    /// </summary>
    public static Task<string?> ScrollsSideways(IPage page) => page.EvaluateAsync<string?>("""
        () => {
            if (document.documentElement.scrollWidth > window.innerWidth + 1) return "the page";
            const wide = [...document.querySelectorAll(".table-wrap")].find(w => w.offsetParent !== null && w.scrollWidth > w.clientWidth + 1);
            if (!wide) return null;
            const table = wide.querySelector("table");
            return "the table " + (table?.dataset.testid ?? table?.querySelector("th")?.textContent?.trim() ?? "");
        }
        """);

    public static Task Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
