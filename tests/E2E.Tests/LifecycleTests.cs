using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;

namespace Procurement.E2E.Tests;

/// <summary>The procurement lifecycle through the portal's own forms, as each role sees it, on a desktop and a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LifecycleTests(Browser browser)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_union_publishes_through_the_form_organizations_bid_evaluators_score_and_the_award_creates_the_contract()
    {
        var title = "职工心理援助热线运营（浏览器测试 " + Guid.NewGuid().ToString("N")[..6] + "）";

        // The union fills in the whole draft; bidding closes 120 s from now (two sign-ins and bids through the
        // forms took over 60 s on a loaded CI machine, and the sealed count below is only shown before the deadline).
        var union = await browser.NewPage();
        await browser.SignIn(union, "province@demo.local");

        // This province publishes no award publicity (its own rule, on 本会规则设置): the award below signs the contract at once.
        await union.GotoAsync("/workbench");
        await union.GetByRole(AriaRole.Link, new() { Name = "本会规则设置" }).ClickAsync();
        await Assertions.Expect(union.GetByLabel("中标结果公示期").Locator("option[value=default]")).ToHaveTextAsync("平台默认（3 个工作日）");
        await union.GetByLabel("中标结果公示期").SelectOptionAsync(new SelectOptionValue { Label = "不公示（确认中标即生成合同）" });
        await union.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(union.GetByRole(AriaRole.Status).Filter(new() { HasText = "设置已保存。" })).ToBeVisibleAsync();
        await Assertions.Expect(union.GetByLabel("中标结果公示期")).ToHaveValueAsync("0");
        await Browser.ShootBoth(union, "union-settings");

        await union.GotoAsync("/projects/new");
        await Assertions.Expect(union.GetByLabel("权重（%） 4")).ToHaveValueAsync("15");
        await Browser.ShootBoth(union, "project-new");
        await union.GetByLabel("项目名称").FillAsync(title);
        await union.GetByLabel("服务类别").FillAsync("心理援助");
        await union.GetByLabel("服务对象").FillAsync("企业职工，女职工");
        await union.GetByLabel("服务区域").FillAsync("哈尔滨市");
        await union.GetByLabel("预算上限（元）").FillAsync("200000");
        await union.GetByLabel("省级资金（元）").FillAsync("100000");
        await union.GetByLabel("地方配套（元）").FillAsync("80000");
        await union.GetByLabel("服务人次").FillAsync("3000");

        // Funding that does not add up is refused by the grain; the page shows it beside the funding and in the summary.
        await union.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(union.Locator("[data-valmsg-for='Input.Funding']")).ToHaveTextAsync("各资金来源之和必须等于项目预算");
        await Assertions.Expect(union.GetByRole(AriaRole.Alert)).ToContainTextAsync("资金来源：各资金来源之和必须等于项目预算");
        await union.GetByLabel("省级资金（元）").FillAsync("120000");
        await Assertions.Expect(union.Locator(".running output").First).ToHaveTextAsync("¥200,000.00");
        var closes = DateTimeOffset.UtcNow.ToOffset(China).AddSeconds(120);
        await union.GetByLabel("投标截止时间").FillAsync(closes.ToString("yyyy-MM-ddTHH:mm:ss"));
        await union.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(union).ToHaveURLAsync(new Regex(@"/projects/[0-9a-f-]{36}$"));
        var projectUrl = new Uri(union.Url).AbsolutePath;
        var projectId = Guid.Parse(projectUrl.Split('/')[^1]);
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("草稿");

        // Publishing asks first, from the keyboard too: cancel has the focus and Esc keeps the draft; then yes publishes.
        await union.GetByRole(AriaRole.Button, new() { Name = "发布项目" }).ClickAsync();
        var confirm = union.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(confirm).ToContainTextAsync("预算上限 ¥200,000.00");
        await Assertions.Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "取消" })).ToBeFocusedAsync();
        await union.Keyboard.PressAsync("Escape");
        await Assertions.Expect(confirm).ToBeHiddenAsync();
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("草稿");
        await union.GetByRole(AriaRole.Button, new() { Name = "发布项目" }).ClickAsync();
        await Browser.Confirm(union, title, "发布项目", shot: "project-publish-confirm");
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("招标中");
        foreach (var i in new[] { 1, 2, 3 }) await union.GetByLabel($"评审专家 {i}").CheckAsync();
        await union.GetByRole(AriaRole.Button, new() { Name = "指派评审专家" }).ClickAsync();
        await Assertions.Expect(union.GetByRole(AriaRole.Status).Filter(new() { HasText = "已指派 3 名评审专家" })).ToBeVisibleAsync();

        // Two organizations bid through the form; the second builds two milestones.
        var org1 = await browser.NewPage();
        await browser.SignIn(org1, "org1@demo.local");
        await SubmitBid(org1, projectId, "180000", milestones: 1);
        var org2 = await browser.NewPage();
        await browser.SignIn(org2, "org2@demo.local");
        await SubmitBid(org2, projectId, "190000", milestones: 2);
        await Browser.ShootBoth(org2, "project-bid-form", $"/projects/{projectId}/bid");

        // While sealed the union sees only the count.
        await union.ReloadAsync();
        await Assertions.Expect(union.GetByTestId("bid-count")).ToContainTextAsync("已收到投标 2 份");
        await Browser.ShootBoth(union, "project-details-union");

        // The scheduler closes bidding by itself at the deadline; evaluators were assigned, so evaluation opens.
        var until = closes.UtcDateTime.AddSeconds(45);
        while (await union.GetByTestId("project-status").TextContentAsync() != "评审中")
        {
            Assert.True(DateTime.UtcNow < until, "bidding did not close by itself after the deadline");
            await Task.Delay(2000);
            await union.ReloadAsync();
        }

        // Evaluators 1–3 declare (no bid shown before) and score both bids; org1 scores higher.
        foreach (var i in new[] { 1, 2, 3 })
        {
            var evaluator = await browser.NewPage();
            await browser.SignIn(evaluator, $"evaluator{i}@demo.local");
            await evaluator.GotoAsync($"/projects/{projectId}/evaluate");
            await Assertions.Expect(evaluator.GetByTestId("bidders")).ToContainTextAsync("哈尔滨市行大公益服务发展中心");
            await Assertions.Expect(evaluator.GetByTestId("bid-card")).ToHaveCountAsync(0);
            await evaluator.GetByRole(AriaRole.Button, new() { Name = "本人声明无利益冲突，开始评审" }).ClickAsync();
            await Assertions.Expect(evaluator.Locator("#progress")).ToContainTextAsync("已评 0 / 2");
            await ScoreBid(evaluator, 0, 88 + i);
            await Assertions.Expect(evaluator.Locator("#progress")).ToContainTextAsync("已评 1 / 2");
            if (i == 1) await Browser.ShootBoth(evaluator, "project-evaluate");
            await ScoreBid(evaluator, 1, 70 + i);
            await Assertions.Expect(evaluator.Locator("#progress")).ToContainTextAsync("已评 2 / 2");
            await evaluator.Context.CloseAsync();
        }

        // The union sees the ranking with each evaluator's totals and awards the top bid.
        await union.GotoAsync($"/projects/{projectId}/ranking");
        var ranking = union.GetByTestId("ranking");
        await Assertions.Expect(ranking.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(ranking.Locator("tbody tr").First).ToContainTextAsync("哈尔滨市行大公益服务发展中心");
        await Assertions.Expect(ranking.Locator("tbody tr").First).ToContainTextAsync("90.00");
        await Assertions.Expect(union.Locator("#chart-ranking svg")).ToBeVisibleAsync();
        await Browser.ShootBoth(union, "project-ranking");
        await union.GetByRole(AriaRole.Button, new() { Name = "确认中标并生成合同" }).ClickAsync();
        await Browser.Confirm(union, "将确认「哈尔滨市行大公益服务发展中心」中标，合同金额 ¥180,000.00", "确认中标并生成合同", shot: "project-award-confirm");
        await Assertions.Expect(union.GetByTestId("award")).ToContainTextAsync("¥180,000.00");

        await union.GotoAsync($"/projects/{projectId}/audit");
        await Assertions.Expect(union.GetByTestId("chain")).ToContainTextAsync("哈希链完整");
        await Assertions.Expect(union.GetByTestId("audit")).ToContainTextAsync("确认中标");
        await Browser.ShootBoth(union, "project-audit");

        // The winner sees its contract with the milestone amounts; the loser may not open it.
        await org1.GotoAsync(projectUrl);
        await org1.GetByTestId("contract-link").ClickAsync();
        await Assertions.Expect(org1.GetByTestId("contract-amount")).ToContainTextAsync("¥180,000.00");
        await Assertions.Expect(org1.GetByTestId("milestones")).ToContainTextAsync("项目总结报告");
        var contractUrl = new Uri(org1.Url).AbsolutePath;
        await Browser.ShootBoth(org1, "contract");
        var refused = await org2.GotoAsync(contractUrl);
        Assert.Equal(404, refused!.Status);

        // An organization may not open the union's pages.
        await org2.GotoAsync($"/projects/{projectId}/ranking");
        Assert.Contains("/error/403", org2.Url);

        var contract = await browser.Query(db => db.Contracts.SingleAsync(c => c.ProjectId == projectId));
        Assert.Equal(18_000_000, contract.AmountFen);
        Assert.Equal(ContractStatus.Active, contract.Status);
    }

    [Fact]
    public async Task A_union_edits_its_draft_amends_the_published_call_with_a_new_deadline_and_then_cancels_it_with_a_reason()
    {
        var title = "职工法律援助（浏览器测试 " + Guid.NewGuid().ToString("N")[..6] + "）";
        var union = await browser.NewPage();
        await browser.SignIn(union, "province@demo.local");

        await union.GotoAsync("/projects/new");
        await union.GetByLabel("项目名称").FillAsync(title);
        await union.GetByLabel("服务类别").FillAsync("法律援助");
        await union.GetByLabel("预算上限（元）").FillAsync("100000");
        await union.GetByLabel("省级资金（元）").FillAsync("100000");
        await union.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("草稿");

        // The draft is edited on the same form, filled with what was saved.
        await union.GetByRole(AriaRole.Link, new() { Name = "编辑草稿" }).ClickAsync();
        await Assertions.Expect(union.GetByLabel("预算上限（元）")).ToHaveValueAsync("100000");
        await union.GetByLabel("项目名称").FillAsync(title + "（修订）");
        await union.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(union.Locator("h1")).ToHaveTextAsync(title + "（修订）");
        await union.GetByRole(AriaRole.Button, new() { Name = "发布项目" }).ClickAsync();
        await Browser.Confirm(union, title, "发布项目");
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("招标中");

        // An amendment without its note is refused beside the note; with it, the call shows the amendment and the new deadline.
        await union.GetByRole(AriaRole.Link, new() { Name = "发布更正公告" }).ClickAsync();
        var deadline = union.GetByLabel("投标截止时间");
        var later = DateTime.Parse(await deadline.InputValueAsync(), System.Globalization.CultureInfo.InvariantCulture).AddDays(7);
        await deadline.FillAsync(later.ToString("yyyy-MM-ddTHH:mm"));
        await union.GetByLabel("服务开始日期").FillAsync(later.AddDays(1).ToString("yyyy-MM-dd"));
        await union.GetByRole(AriaRole.Button, new() { Name = "发布更正" }).ClickAsync();
        await Assertions.Expect(union.Locator("[data-valmsg-for='Input.Note']")).ToHaveTextAsync("此项为必填项");
        await union.GetByLabel("更正内容").FillAsync("投标截止时间延长七天，以便各机构补充资质材料。");
        await Browser.ShootBoth(union, "project-amend");
        await union.GetByRole(AriaRole.Button, new() { Name = "发布更正" }).ClickAsync();
        var amendments = union.GetByTestId("amendments");
        await Assertions.Expect(amendments).ToContainTextAsync("投标截止时间延长七天");
        await Assertions.Expect(amendments).ToContainTextAsync(later.ToString("yyyy-MM-dd HH:mm"));

        // Cancelling asks first, saying what it undoes; the reason is then public.
        await union.GetByText("终止项目…").ClickAsync();
        await union.GetByLabel("终止理由").FillAsync("上级工会统筹安排同类服务，本项目不再实施。");
        await union.GetByRole(AriaRole.Button, new() { Name = "终止项目" }).ClickAsync();
        await Browser.Confirm(union, "已提交的投标全部失效", "终止项目", shot: "project-cancel-confirm");
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("已终止");
        var visitor = await browser.NewPage(width: 390, height: 844);
        await visitor.GotoAsync(new Uri(union.Url).AbsolutePath);
        await Assertions.Expect(visitor.GetByTestId("cancelled")).ToContainTextAsync("上级工会统筹安排同类服务");
        await Browser.Shoot(visitor, "project-cancelled-phone");
        Assert.Null(await Browser.ScrollsSideways(visitor));
    }

    [Fact]
    public async Task The_public_pages_and_workbenches_fit_a_phone()
    {
        var page = await browser.NewPage();
        await page.GotoAsync("/projects");
        await Assertions.Expect(page.GetByTestId("projects").Locator("tbody tr").First).ToBeVisibleAsync();
        await Browser.ShootBoth(page, "projects");
        await page.GetByLabel("状态").SelectOptionAsync(new SelectOptionValue { Label = "已签约" });
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("projects").Locator("tbody tr").First).ToContainTextAsync("已签约");
        await page.GetByTestId("projects").Locator("tbody a").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("award")).ToContainTextAsync("中标单位");
        await Browser.ShootBoth(page, "project-details-public");
        await page.GotoAsync("/organizations");
        await Browser.ShootBoth(page, "organizations");

        var organization = await browser.NewPage();
        await browser.SignIn(organization, "org1@demo.local");
        await organization.GotoAsync("/workbench");
        await Assertions.Expect(organization.GetByTestId("my-contracts")).ToBeVisibleAsync();
        await Browser.ShootBoth(organization, "workbench-organization");

        var union = await browser.NewPage();
        await browser.SignIn(union, "city@demo.local");
        await union.GotoAsync("/workbench");
        await Assertions.Expect(union.GetByTestId("workbench-projects")).ToBeVisibleAsync();
        await Browser.ShootBoth(union, "workbench-union");
    }

    [Fact]
    public async Task A_registration_shows_every_error_beside_its_field_at_once_and_a_union_then_approves_it()
    {
        var page = await browser.NewPage();
        await page.GotoAsync("/organizations/register");
        await Assertions.Expect(page.GetByLabel("统一社会信用代码")).ToHaveAttributeAsync("aria-required", "true");
        var name = "道里区阳光社工服务中心" + Guid.NewGuid().ToString("N")[..4];
        await page.GetByLabel("机构名称").FillAsync(name);
        await page.GetByLabel("统一社会信用代码").FillAsync("52230100MA1AAAAA0X");
        await page.GetByLabel("所在地行政区划代码").FillAsync("23010");
        await page.GetByLabel("服务领域").FillAsync("心理援助，社区服务");
        await page.GetByLabel("持证社工人数").FillAsync("-3");
        await page.GetByLabel("联系电话").FillAsync("abc");
        await page.GetByLabel("登录邮箱").FillAsync($"{Guid.NewGuid():N}@demo.local");
        await page.GetByLabel("登录密码").FillAsync("Sunshine#2026x");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交注册" }).ClickAsync();

        // One submit names every wrong field, each beside its input; the password typed is still there.
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.Uscc']")).ToContainTextAsync("组织机构代码校验位错误");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.RegionCode']")).ToContainTextAsync("前两位为省级代码");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.CertifiedSocialWorkers']")).ToContainTextAsync("数值超出允许范围");
        await Assertions.Expect(page.Locator("[data-valmsg-for='Input.ContactPhone']")).ToContainTextAsync("11位手机号");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).First).ToContainTextAsync("统一社会信用代码");
        await Assertions.Expect(page.GetByLabel("统一社会信用代码")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByLabel("登录密码")).ToHaveValueAsync("Sunshine#2026x");
        await Browser.ShootBoth(page, "organization-register-error");

        // A code of the kind issued since 2015 ("MA…", letters past J in the organization code) is accepted.
        var body = string.Concat(Enumerable.Range(0, 6).Select(_ => Uscc.Alphabet[Random.Shared.Next(18, Uscc.Alphabet.Length)]));
        await page.GetByLabel("统一社会信用代码").FillAsync(Uscc.Compose("52", "230102", "MA" + body));
        await page.GetByLabel("所在地行政区划代码").FillAsync("230102");
        await page.GetByLabel("持证社工人数").FillAsync("3");
        await page.GetByLabel("联系电话").FillAsync("0451-12345678");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交注册" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/organizations/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.GetByTestId("org-status")).ToHaveTextAsync("待审核");
        await Assertions.Expect(page.GetByTestId("user-name")).ToContainTextAsync(name);

        var union = await browser.NewPage();
        await browser.SignIn(union, "city@demo.local");
        await union.GotoAsync("/organizations/pending");
        await Browser.ShootBoth(union, "organizations-pending");

        // First the union returns it with a reason (on the application's page, with whom to call); the applicant corrects it.
        await union.GetByRole(AriaRole.Link, new() { Name = $"退回 {name} 的申请" }).ClickAsync();
        var decide = union.GetByTestId("decide");
        await Assertions.Expect(decide).ToContainTextAsync("0451-12345678");
        await decide.GetByLabel("退回理由").FillAsync("请在机构简介中写明持证社工的证书编号。");
        await Browser.ShootBoth(union, "organization-decide");
        await decide.GetByRole(AriaRole.Button, new() { Name = "退回" }).ClickAsync();
        await Assertions.Expect(union.GetByTestId("org-status")).ToHaveTextAsync("已退回");

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("rejection")).ToContainTextAsync("请在机构简介中写明持证社工的证书编号。");
        await page.GetByRole(AriaRole.Link, new() { Name = "修改并重新提交" }).ClickAsync();
        await page.GetByLabel("机构简介").FillAsync("持证社工 3 名，证书编号：S2301001、S2301002、S2301003。");
        await Browser.ShootBoth(page, "organization-edit");
        await page.GetByRole(AriaRole.Button, new() { Name = "修改并重新提交" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("org-status")).ToHaveTextAsync("待审核");

        await union.GotoAsync("/organizations/pending");
        await union.GetByRole(AriaRole.Button, new() { Name = "审核通过：" + name }).ClickAsync();
        await Assertions.Expect(union.GetByRole(AriaRole.Status).First).ToContainTextAsync("已审核通过：" + name);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("org-status")).ToHaveTextAsync("已入库");
    }

    private static async Task SubmitBid(IPage page, Guid projectId, string amount, int milestones)
    {
        await page.GotoAsync($"/projects/{projectId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "我要投标" }).ClickAsync();
        await page.GetByLabel("服务方案", new() { Exact = true }).FillAsync("7×24小时心理援助热线，配备持证心理咨询师；每季度开展线下团体辅导。");
        await page.GetByLabel("投标报价（元）").FillAsync(amount);
        await page.GetByLabel("项目团队").FillAsync("项目负责人1名，心理咨询师6名，督导1名。");
        await page.GetByLabel("支出项目 1").FillAsync("人员经费");
        await page.GetByLabel("金额（元） 1").FillAsync(amount);
        await page.GetByLabel("交付成果 1").FillAsync(milestones == 1 ? "项目总结报告" : "热线开通与首季度服务报告");
        if (milestones == 2)
        {
            await page.GetByLabel("付款比例（%） 1").FillAsync("40");
            await page.GetByRole(AriaRole.Button, new() { Name = "添加里程碑" }).ClickAsync();
            await page.GetByLabel("交付成果 2").FillAsync("项目总结报告");
            var due = await page.GetByLabel("完成日期 1").InputValueAsync();
            await page.GetByLabel("完成日期 2").FillAsync(due);
            await page.GetByLabel("付款比例（%） 2").FillAsync("60");
        }
        await Assertions.Expect(page.Locator(".running.ok")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交投标" }).ClickAsync();
        try
        {
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"/projects/{projectId}$"));
        }
        catch (PlaywrightException)
        {
            // Still on the form: say what the page answered instead of only that the bid is missing.
            var said = await page.Locator("[role=alert], .field-error:not(:empty)").AllInnerTextsAsync();
            Assert.Fail($"the bid form did not go back to the project; it says: {string.Join(" | ", said)}");
        }
        await Assertions.Expect(page.GetByTestId("own-bid")).ToContainTextAsync("已投标");
    }

    private static async Task ScoreBid(IPage page, int index, int score)
    {
        var card = page.GetByTestId("bid-card").Nth(index);
        var inputs = card.Locator("input[type=number]");
        var total = card.Locator("output[data-weighted]");
        // Scores outside 0–100 give no weighted total: each wrong input is marked and the rule is said beside the total.
        await inputs.Nth(0).FillAsync("150");
        await inputs.Nth(1).FillAsync("-5");
        await Assertions.Expect(total).ToHaveTextAsync("—");
        await Assertions.Expect(inputs.Nth(0)).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(inputs.Nth(1)).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(card.Locator("[data-weighted-invalid]")).ToBeVisibleAsync();
        for (var i = 0; i < await inputs.CountAsync(); i++) await inputs.Nth(i).FillAsync(score.ToString());
        await Assertions.Expect(total).ToHaveTextAsync($"{score}.00");
        await Assertions.Expect(inputs.Nth(0)).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(card.Locator("[data-weighted-invalid]")).ToBeHiddenAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "提交评分" }).ClickAsync();
    }
}
