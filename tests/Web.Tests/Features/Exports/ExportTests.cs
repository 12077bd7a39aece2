using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Exports;

/// <summary>Downloads as the people who use them would open them: Chinese headers, yuan with two decimals, only what the caller may see.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class ExportTests(PortalHost portal)
{
    [Fact]
    public async Task The_project_list_downloads_with_the_lists_filters_chinese_headers_and_yuan_amounts()
    {
        using var anonymous = portal.Anonymous();
        var listed = await anonymous.GetFromJsonAsync<PageOf>("/api/v1/projects?status=Published&pageSize=100");

        var xlsx = await anonymous.GetAsync("/api/v1/projects.xlsx?status=Published");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"^projects-\d{8}\.xlsx$", xlsx.Content.Headers.ContentDisposition!.FileNameStar);
        var rows = Sheet(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["项目名称", "服务类别", "发布工会", "服务品牌", "预算（元）", "投标截止（北京时间）", "状态", "服务对象"], rows[0].Keys);
        Assert.Equal(listed!.Total, rows.Count);
        Assert.Subset(rows.Select(r => (string)r["项目名称"]).ToHashSet(), listed.Items.Select(p => p.Title).ToHashSet());
        Assert.All(rows, r => Assert.Equal("招标中", r["状态"]));
        var first = listed.Items[0];
        var row = rows.Single(r => (string)r["项目名称"] == first.Title);
        Assert.Equal(first.BudgetFen / 100m, Convert.ToDecimal(row["预算（元）"]));

        var csv = await Text(await anonymous.GetAsync("/api/v1/projects.csv?status=Published"));
        Assert.StartsWith("项目名称,服务类别,发布工会,服务品牌,预算（元）,投标截止（北京时间）,状态,服务对象\r\n", csv);
        var records = Sheet(Encoding.UTF8.GetBytes(csv), ExcelType.CSV);
        Assert.Equal(listed.Total, records.Count);
        Assert.All(records, r =>
        {
            Assert.Matches(@"^\d+\.\d{2}$", (string)r["预算（元）"]);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", (string)r["投标截止（北京时间）"]);
            Assert.Equal("招标中", r["状态"]);
        });

        var english = Sheet(Encoding.UTF8.GetBytes(await Text(await anonymous.GetAsync("/api/v1/projects.csv?status=Published&culture=en"))), ExcelType.CSV);
        Assert.Equal(["Project", "Category", "Union", "Brand", "Budget (yuan)", "Bids close (China time)", "Status", "Target groups"], english[0].Keys);
    }

    [Fact]
    public async Task A_download_holds_what_the_caller_may_see_and_nothing_more()
    {
        using var anonymous = portal.Anonymous();
        using var province = await portal.SignedIn("province@demo.local");
        var drafts = await portal.Query(db => db.Projects.CountAsync(p => p.Status == ProjectStatus.Draft));

        var forAnyone = Sheet(await (await anonymous.GetAsync("/api/v1/projects.xlsx")).Content.ReadAsByteArrayAsync());
        var forUnion = Sheet(await (await province.GetAsync("/api/v1/projects.xlsx")).Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(forAnyone, r => (string)r["状态"] == "草稿");
        Assert.True(drafts == 0 || forUnion.Any(r => (string)r["状态"] == "草稿"), "the union's own drafts are in its download");
        Assert.True(forUnion.Count >= forAnyone.Count);

        var contract = await portal.Query(db => db.Contracts.AsNoTracking().Select(c => new { c.Id, c.OrganizationId }).FirstAsync());
        var owner = await portal.Query(db => db.Users.Where(u => u.OrganizationId == contract.OrganizationId).Select(u => u.Email!).FirstAsync());
        var stranger = await portal.Query(db => db.Users.Where(u => u.OrganizationId != null && u.OrganizationId != contract.OrganizationId).Select(u => u.Email!).FirstAsync());
        using var ownerClient = await portal.SignedIn(owner);
        using var strangerClient = await portal.SignedIn(stranger);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/contracts/{contract.Id}/payments.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await strangerClient.GetAsync($"/api/v1/contracts/{contract.Id}/payments.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ownerClient.GetAsync("/api/v1/dashboard.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/dashboard.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/v1/projects.pdf")).StatusCode);

        var payments = Sheet(await (await ownerClient.GetAsync($"/api/v1/contracts/{contract.Id}/payments.xlsx")).Content.ReadAsByteArrayAsync());
        var milestones = await portal.Query(db => db.Milestones.AsNoTracking().Where(m => m.ContractId == contract.Id).OrderBy(m => m.Sequence).ToListAsync());
        Assert.Equal(milestones.Count, payments.Count);
        Assert.Equal(["序号", "交付成果", "到期日", "拨付比例（%）", "应拨付（元）", "状态", "上报时间（北京时间）", "验收时间（北京时间）", "已拨付（元）"], payments[0].Keys);
        Assert.Equal(milestones.Select(m => m.Deliverable), payments.Select(p => (string)p["交付成果"]));
        Assert.Equal(milestones.Sum(m => m.PaidFen) / 100m, payments.Sum(p => Convert.ToDecimal(p["已拨付（元）"])));
    }

    [Fact]
    public async Task The_dashboard_downloads_as_a_workbook_of_figures_and_late_milestones()
    {
        using var province = await portal.SignedIn("province@demo.local");
        var response = await province.GetAsync("/api/v1/dashboard.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["概览", "逾期里程碑"], MiniExcel.GetSheetNames(stream));
        var figures = stream.Query(useHeaderRow: true, sheetName: "概览").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("黑龙江省总工会", figures.Single(f => (string)f["指标"] == "工会")["值"]);
        Assert.IsType<double>(figures.Single(f => (string)f["指标"] == "合同金额（元）")["值"]);
    }

    internal static List<IDictionary<string, object>> Sheet(byte[] file, ExcelType type = ExcelType.XLSX)
    {
        using var stream = new MemoryStream(file);
        return [.. stream.Query(useHeaderRow: true, excelType: type).Cast<IDictionary<string, object>>()];
    }

    internal static async Task<string> Text(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        return Encoding.UTF8.GetString(bytes[3..]);
    }

    private sealed record PageOf(List<Item> Items, int Total);

    private sealed record Item(Guid Id, string Title, long BudgetFen);
}
