using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.E2E.Tests;

/// <summary>
/// Award publicity (中标公示) in the portal, on the demo's Harbin project in publicity: the public reads the proposed award,
/// the other bidder objects with a file, the union finds it in its queue and upholds it, the bidder is told, and the union
/// proposes the next bid.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AwardPublicityTests(Browser browser)
{
    private const string Title = "新就业形态劳动者暖心驿站运营服务";

    [Fact]
    public async Task A_bidder_objects_to_the_published_award_the_union_upholds_it_the_bidder_is_told_and_the_next_bid_is_proposed()
    {
        var projectId = await browser.Query(db => db.Projects.Where(p => p.Title == Title && p.Status == ProjectStatus.AwardProposed).Select(p => p.Id).SingleAsync());
        var url = $"/projects/{projectId}";

        // Anyone reads the publicity: the proposed winner and amount, both bidders' scores, the evaluators, the end.
        var visitor = await browser.NewPage();
        await visitor.GotoAsync(url);
        await Assertions.Expect(visitor.GetByTestId("project-status")).ToHaveTextAsync("中标公示中");
        await Assertions.Expect(visitor.GetByTestId("award")).ToContainTextAsync("拟中标单位 哈尔滨市行大公益服务发展中心");
        await Assertions.Expect(visitor.GetByTestId("public-ranking").Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(visitor.GetByTestId("publicity-ends")).ToContainTextAsync("公示期至");
        await Assertions.Expect(visitor.GetByTestId("object")).ToHaveCountAsync(0);
        await Browser.ShootBoth(visitor, "project-publicity");

        // The other bidder objects through the form; a blank reason is refused beside its field and files nothing.
        var bidder = await browser.NewPage();
        await browser.SignIn(bidder, "org3@demo.local");
        await bidder.GotoAsync(url);
        await bidder.GetByTestId("object").ClickAsync();
        await Assertions.Expect(bidder).ToHaveURLAsync(new Regex($"{url}/objections"));
        await bidder.GetByTestId("file-objection").ClickAsync();
        await Browser.Confirm(bidder, "确定提交", "提交质疑");
        await Assertions.Expect(bidder.Locator("[data-valmsg-for='Reason']")).ToHaveTextAsync("此项为必填项");
        await bidder.GetByLabel("质疑事项和理由").FillAsync("拟中标单位投标文件中的持证社工名单与实际不符，附社工证查询截图。");
        await bidder.GetByLabel("证明材料").SetInputFilesAsync(new FilePayload { Name = "社工证查询.png", MimeType = "image/png", Buffer = TestFiles.Png });
        await bidder.GetByTestId("file-objection").ClickAsync();
        await Browser.Confirm(bidder, "确定提交", "提交质疑", shot: "objection-confirm");
        await Assertions.Expect(bidder.GetByRole(AriaRole.Status).Filter(new() { HasText = "质疑已提交" })).ToBeVisibleAsync();
        await Assertions.Expect(bidder.GetByTestId("objection-outcome")).ToHaveTextAsync("待答复");
        await Assertions.Expect(bidder.GetByTestId("file-objection")).ToHaveCountAsync(0);
        await Browser.ShootBoth(bidder, "objections-bidder");

        // The city union finds it in its queue, reads the file and upholds it with reasons.
        var union = await browser.NewPage();
        await browser.SignIn(union, "city@demo.local");
        await union.GotoAsync("/workbench");
        await union.Locator("#queue-objections-h a").ClickAsync();
        await union.GetByRole(AriaRole.Link, new() { Name = Title }).First.ClickAsync();
        await Assertions.Expect(union).ToHaveURLAsync(new Regex($"{url}/objections"));
        await Assertions.Expect(union.GetByTestId("attachment")).ToHaveTextAsync("社工证查询.png");
        await Browser.ShootBoth(union, "objections-union");
        await union.GetByTestId("answer-objection").ClickAsync();
        await Assertions.Expect(union.Locator("[data-valmsg-for='Upheld']")).ToHaveTextAsync("此项为必填项");
        await union.GetByLabel("质疑成立：撤销拟中标结果，重新评审或另行确定").CheckAsync();
        await union.GetByLabel("答复理由").FillAsync("经核查，拟中标单位两名社工证书已过期，质疑成立。");
        await union.GetByTestId("answer-objection").ClickAsync();
        await Assertions.Expect(union.GetByRole(AriaRole.Status).Filter(new() { HasText = "质疑成立" })).ToBeVisibleAsync();
        await Assertions.Expect(union.GetByTestId("objection-outcome")).ToHaveTextAsync("质疑成立");

        // The bidder hears of the answer in its notices.
        var told = DateTime.UtcNow.AddSeconds(20);
        await bidder.GotoAsync("/notifications");
        while (!(await bidder.Locator("main").TextContentAsync() ?? "").Contains("质疑成立"))
        {
            Assert.True(DateTime.UtcNow < told, "the objector was not told of the answer");
            await Task.Delay(500);
            await bidder.ReloadAsync();
        }

        // Evaluation is open again; the union proposes the second bid with a reason, and the publicity starts afresh.
        await union.GotoAsync($"{url}/ranking");
        await union.GetByRole(AriaRole.Radio, new() { Name = "心视界社工机构" }).CheckAsync();
        await union.Locator("#Reason").FillAsync("原拟中标单位资格不符，由排名第二的单位递补。");
        await union.GetByRole(AriaRole.Button, new() { Name = "公示拟中标结果" }).ClickAsync();
        await Browser.Confirm(union, "将公示「心视界社工机构」为拟中标单位", "公示拟中标结果", shot: "award-propose-confirm");
        await Assertions.Expect(union.GetByTestId("award")).ToContainTextAsync("拟中标单位 心视界社工机构");
        await Assertions.Expect(union.GetByTestId("project-status")).ToHaveTextAsync("中标公示中");

        Assert.Equal((ProjectStatus.AwardProposed, 0), await browser.Query(async db =>
        {
            var p = await db.Projects.AsNoTracking().SingleAsync(x => x.Id == projectId);
            return (p.Status, p.OpenObjections);
        }));
    }
}
