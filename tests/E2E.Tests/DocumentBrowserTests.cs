using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Procurement.Contracts.Domain;

namespace Procurement.E2E.Tests;

/// <summary>招标文件, 投标文件 and the printable contract summary in the portal.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DocumentBrowserTests(Browser browser)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_union_attaches_a_call_document_a_bidder_a_proposal_document_and_a_party_prints_the_contract_summary()
    {
        // The union attaches the call document to its draft; a text file is refused beside the field first.
        var draft = await browser.Query(db => db.Projects.Where(p => p.Status == ProjectStatus.Draft && p.Title == "紫丁香职工心理援助热线运营").Select(p => p.Id).SingleAsync());
        var union = await browser.NewPage();
        await browser.SignIn(union, "city@demo.local");
        await union.GotoAsync($"/projects/{draft}");
        var upload = union.GetByTestId("call-documents");
        await upload.GetByLabel("添加文件").SetInputFilesAsync(new FilePayload { Name = "说明.txt", MimeType = "text/plain", Buffer = "纯文本"u8.ToArray() });
        await upload.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(union.Locator("[data-valmsg-for='File']")).ToHaveTextAsync("只接受 PDF、Word 文件或图片");
        await union.GetByTestId("call-documents").GetByLabel("添加文件").SetInputFilesAsync(new FilePayload { Name = "招标文件.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await union.GetByTestId("call-documents").GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(union.GetByTestId("documents")).ToContainTextAsync("招标文件.pdf");
        await Assertions.Expect(union.GetByTestId("documents")).ToContainTextAsync("第 1 版");
        await Browser.ShootBoth(union, "project-call-documents");

        // A bidder attaches its proposal to its sealed bid.
        var open = await browser.Query(db => db.Projects.Where(p => p.Title == "失独职工不孤独关爱服务（2027年度）").Select(p => p.Id).SingleAsync());
        var bidder = await browser.NewPage();
        await browser.SignIn(bidder, "org1@demo.local");
        await bidder.GotoAsync($"/projects/{open}/bid");
        var proposal = bidder.GetByTestId("proposal-documents");
        await proposal.GetByLabel("添加文件").SetInputFilesAsync(new FilePayload { Name = "服务方案.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await proposal.GetByRole(AriaRole.Button, new() { Name = "上传" }).ClickAsync();
        await Assertions.Expect(bidder.GetByTestId("proposal-documents").GetByTestId("documents")).ToContainTextAsync("服务方案.pdf");
        await Browser.ShootBoth(bidder, "bid-proposal-documents");

        // The winner prints its contract summary: the amount in capitals, the milestones, the signature blocks.
        var contract = await browser.Query(db => db.Contracts.Where(c => c.Title == "工助龙江•助力职工健康（大庆）").Select(c => new { c.Id, c.AmountFen }).SingleAsync());
        await bidder.GotoAsync($"/contracts/{contract.Id}");
        await bidder.GetByTestId("print-link").ClickAsync();
        var summary = bidder.GetByTestId("contract-summary");
        await Assertions.Expect(summary.GetByTestId("amount")).ToContainTextAsync(new Money(contract.AmountFen).ToChineseCapitals());
        await Assertions.Expect(summary.GetByTestId("print-milestones").Locator("tbody tr")).ToHaveCountAsync(5);
        await Assertions.Expect(summary).ToContainTextAsync("甲方（购买方）（盖章）");
        await Browser.ShootBoth(bidder, "contract-print");
    }
}
