using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Procurement.E2E.Tests;

/// <summary>
/// 职工点菜 in the browser, on a phone's width for the workers: a worker signs up and posts a need, the union accepts it,
/// another worker's "我也需要" reaches an open page without a reload, the union drafts a project from the need, and the
/// supporters read its publication in their notices; a beneficiary answers a contract's feedback form on a 390 px screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NeedBrowserTests(Browser browser)
{
    [Fact]
    public async Task A_worker_posts_the_union_accepts_others_support_live_and_supporters_hear_of_the_project_made_from_it()
    {
        var title = "夜班女职工子女托管（" + Guid.NewGuid().ToString("N")[..6] + "）";
        var phone = $"13{Random.Shared.Next(100_000_000, 999_999_999)}";
        var worker = await browser.NewPage(390, 844);
        await worker.GotoAsync("/account/worker");
        await worker.GetByLabel("手机号或电子邮箱").FillAsync(phone);
        await worker.GetByLabel("密码").FillAsync(Browser.Password);
        await worker.GetByLabel("所属工会").SelectOptionAsync(new SelectOptionValue { Label = "\u3000\u3000\u3000哈尔滨市香坊区总工会" });
        await worker.GetByLabel("女职工").CheckAsync();
        await Browser.ShootBoth(worker, "worker-signup");
        await worker.GetByRole(AriaRole.Button, new() { Name = "注册" }).ClickAsync();

        // Signed up and on the need form; a need without its title is refused beside the field.
        await Assertions.Expect(worker.Locator("h1")).ToHaveTextAsync("提出需求");
        await worker.GetByLabel("需求类别").SelectOptionAsync(new SelectOptionValue { Label = "托管服务" });
        await worker.GetByLabel("需要什么服务").FillAsync("夜班时孩子没人照看，希望社区有暑期托管。联系我 " + phone);
        await worker.GetByLabel("服务对象").FillAsync("园区夜班女职工的孩子");
        await worker.GetByLabel("大约多少人需要").FillAsync("40");
        await worker.GetByRole(AriaRole.Button, new() { Name = "提交需求" }).ClickAsync();
        await Assertions.Expect(worker.Locator("[data-valmsg-for='Title']")).ToHaveTextAsync("此项为必填项");
        await worker.GetByLabel("一句话概括").FillAsync(title);
        await worker.GetByRole(AriaRole.Button, new() { Name = "提交需求" }).ClickAsync();
        await Assertions.Expect(worker.GetByTestId("need-status")).ToHaveTextAsync("待受理");
        await Assertions.Expect(worker.GetByTestId("need-text")).ToContainTextAsync(phone[..3] + "****" + phone[^4..]);
        var needUrl = worker.Url;
        await Browser.ShootBoth(worker, "need-posted");

        var union = await browser.NewPage();
        await browser.SignIn(union, "city@demo.local");
        await union.GotoAsync("/needs/pending");
        await union.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await union.GetByRole(AriaRole.Button, new() { Name = "受理并公开" }).ClickAsync();
        await Assertions.Expect(union.GetByTestId("need-status")).ToHaveTextAsync("已公开");

        var visitor = await browser.NewPage(390, 844);
        await visitor.GotoAsync(needUrl);
        await Assertions.Expect(visitor.GetByTestId("support-count")).ToHaveTextAsync("1");
        var supporter = await browser.NewPage(390, 844);
        await browser.SignIn(supporter, "worker1@demo.local");
        await supporter.GotoAsync(needUrl);
        await supporter.GetByLabel("补充一句（选填）").FillAsync("我们车间也有十几个孩子需要。");
        await supporter.GetByRole(AriaRole.Button, new() { Name = "我也需要" }).ClickAsync();
        await Assertions.Expect(supporter.GetByTestId("supported")).ToBeVisibleAsync();
        await Assertions.Expect(visitor.GetByTestId("support-count")).ToHaveTextAsync("2"); // live, no reload
        await Assertions.Expect(visitor.GetByTestId("comments")).ToContainTextAsync("我们车间也有十几个孩子需要。");
        await Browser.ShootBoth(visitor, "need-public");

        // The union drafts a project from the need: its text and count carried over; saved, the need shows it.
        await union.ReloadAsync();
        await union.GetByTestId("need-to-project").ClickAsync();
        await Assertions.Expect(union.GetByTestId("from-needs")).ToContainTextAsync(title);
        await Assertions.Expect(union.GetByLabel("项目名称")).ToHaveValueAsync(title);
        await Assertions.Expect(union.GetByLabel("服务人次")).ToHaveValueAsync("40");
        await union.GetByLabel("预算上限（元）").FillAsync("100000");
        await union.GetByLabel("省级资金（元）").FillAsync("100000");
        await union.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("草稿");
        await union.GetByRole(AriaRole.Button, new() { Name = "发布项目" }).ClickAsync();
        await Browser.Confirm(union, title, "发布项目");
        await Assertions.Expect(union.GetByTestId("project-status")).Not.ToHaveTextAsync("草稿");

        await visitor.ReloadAsync();
        await Assertions.Expect(visitor.GetByTestId("need-project")).ToContainTextAsync(title);
        await Assertions.Expect(visitor.GetByTestId("need-status")).ToHaveTextAsync("已列入计划");
        await supporter.GotoAsync("/notifications");
        await Assertions.Expect(supporter.Locator("main")).ToContainTextAsync($"{title}：项目已发布招标");
        await Browser.ShootBoth(supporter, "need-notices");
        await Browser.ShootBoth(visitor, "needs-board", "/needs");
    }

    [Fact]
    public async Task A_beneficiary_answers_the_feedback_form_on_a_phone_and_an_unanswered_question_is_shown_beside_it()
    {
        var organization = await browser.NewPage();
        await browser.SignIn(organization, "org1@demo.local");
        var contractId = await browser.Query(db => db.Contracts.Where(c => c.Status == Contracts.Domain.ContractStatus.Active
            && db.Users.Any(u => u.Email == "org1@demo.local" && u.OrganizationId == c.OrganizationId)).Select(c => c.Id).FirstAsync());
        await organization.GotoAsync($"/contracts/{contractId}/feedback");
        await Assertions.Expect(organization.GetByTestId("feedback-qr")).ToBeVisibleAsync();
        var formUrl = await organization.GetByTestId("feedback-link").TextContentAsync();
        await Browser.ShootBoth(organization, "contract-feedback");

        var phone = await browser.NewPage(390, 844);
        await phone.GotoAsync(new Uri(formUrl!).PathAndQuery);
        await phone.GetByLabel("非常满意").CheckAsync();
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(phone.Locator("[data-valmsg-for='WouldRecommend']")).ToHaveTextAsync("此项为必填项");
        await Browser.ShootBoth(phone, "feedback-form-error");
        await phone.GetByLabel("愿意", new() { Exact = true }).CheckAsync();
        await phone.GetByLabel("您觉得哪里需要改进？（选填）").FillAsync("希望周末也能开展活动。");
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(phone.GetByTestId("feedback-thanks")).ToBeVisibleAsync();
        await Browser.ShootBoth(phone, "feedback-thanks");

        await organization.ReloadAsync();
        await Assertions.Expect(organization.GetByTestId("feedback-suggestions")).ToContainTextAsync("希望周末也能开展活动。");
    }
}
