using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>招标文件 and 投标文件 over HTTP: checked by content, served by the visibility of the call and the sealing of the bid.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class DocumentTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"u8.ToArray();

    /// <summary>A zip holding <paramref name="entry"/>: word/document.xml makes it a Word file, anything else not.</summary>
    private static byte[] Zip(string entry)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            using (var writer = new StreamWriter(zip.CreateEntry(entry).Open())) writer.Write("<w:document/>");
        return buffer.ToArray();
    }

    private static MultipartFormDataContent Form(string name, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return new MultipartFormDataContent { { file, "file", name } };
    }

    private static async Task<Guid> IdOf(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task Call_documents_are_checked_by_content_hidden_with_their_draft_and_public_once_published()
    {
        using var province = await life.As(Who.Province);
        using var anonymous = life.Anonymous();
        var projectId = await life.CreateDraft(province, Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(10)));
        var path = $"/api/v1/projects/{projectId}/documents";

        var pdf = await IdOf(await province.PostAsync(path, Form("招标文件.pdf", Pdf)));
        var word = await IdOf(await province.PostAsync(path, Form("评分细则.docx", Zip("word/document.xml"))));
        await (await province.PostAsync(path, Form("说明.txt", "纯文本"u8.ToArray()))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "file");
        await (await province.PostAsync(path, Form("伪装.docx", Zip("xl/workbook.xml")))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "file");
        await (await province.PostAsync(path, new MultipartFormDataContent { { new StringContent("没有文件"), "note" } })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "file");
        using var org1 = await life.As(Who.Org1);
        Assert.Equal(HttpStatusCode.Forbidden, (await org1.PostAsync(path, Form("越权.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(path, Form("匿名.pdf", Pdf))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"{path}/{pdf}")).StatusCode);

        await life.Publish(province, projectId);
        var again = await IdOf(await province.PostAsync(path, Form("招标文件.pdf", [.. Pdf, .. "%更正\n"u8.ToArray()])));
        Assert.Equal(Pdf, await anonymous.GetByteArrayAsync($"{path}/{pdf}"));
        var download = await anonymous.GetAsync($"{path}/{word}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", download.Content.Headers.ContentType?.MediaType);
        var listed = (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{projectId}")).GetProperty("documents").EnumerateArray()
            .Select(d => (d.GetProperty("id").GetGuid(), d.GetProperty("version").GetInt32(), d.GetProperty("current").GetBoolean())).ToList();
        Assert.Equal([(again, 2, true), (pdf, 1, false), (word, 1, true)], listed);
        await (await province.DeleteAsync($"{path}/{pdf}")).AssertProblem(HttpStatusCode.Conflict, "document.published");
    }

    [Fact]
    public async Task A_proposal_document_is_sealed_with_its_bid_until_the_deadline()
    {
        Guid bidId = default, documentId = default;
        var (projectId, _) = await life.OpenForBids(async (id, draft) =>
        {
            bidId = await life.Bid(Who.Org1, id, Bodies.Bid(draft, 150_000_00));
            using var org1 = await life.As(Who.Org1);
            documentId = await IdOf(await org1.PostAsync($"/api/v1/projects/{id}/bids/{bidId}/documents", Form("服务方案.pdf", Pdf)));
            // Before the deadline only the bidder reads it: the union, another bidder and the public get the same 404.
            var path = $"/api/v1/projects/{id}/bids/{bidId}/documents/{documentId}";
            Assert.Equal(Pdf, await org1.GetByteArrayAsync(path));
            foreach (var who in new[] { Who.Province, Who.Org2, Who.Evaluators[0] })
            {
                using var other = await life.As(who);
                Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(path)).StatusCode);
            }
            using var province = await life.As(Who.Province);
            Assert.Equal(HttpStatusCode.Forbidden, (await province.PostAsync($"/api/v1/projects/{id}/bids/{bidId}/documents", Form("工会代传.pdf", Pdf))).StatusCode);
        }, closesIn: TimeSpan.FromSeconds(6));

        Assert.Equal("BiddingClosed", await life.ClosedByTheScheduler(projectId));
        using var union = await life.As(Who.Province);
        Assert.Equal(Pdf, await union.GetByteArrayAsync($"/api/v1/projects/{projectId}/bids/{bidId}/documents/{documentId}"));
        using var org2 = await life.As(Who.Org2);
        Assert.Equal(HttpStatusCode.NotFound, (await org2.GetAsync($"/api/v1/projects/{projectId}/bids/{bidId}/documents/{documentId}")).StatusCode);
        Assert.Equal(1, await portal.Query(db => db.AuditTrail.CountAsync(a => a.AggregateId == projectId && a.Action == "ProposalDocumentAdded")));
    }

    [Fact]
    public async Task An_organizations_application_documents_are_read_by_its_members_and_the_unions_only()
    {
        var organizationId = await life.OrganizationOf(Who.Org1);
        using var org1 = await life.As(Who.Org1);
        var path = $"/api/v1/organizations/{organizationId}/documents";
        var id = await IdOf(await org1.PostAsync(path, Form("登记证书.pdf", Pdf)));

        using var province = await life.As(Who.Province);
        Assert.Equal(Pdf, await province.GetByteArrayAsync($"{path}/{id}"));
        Assert.Equal(Pdf, await org1.GetByteArrayAsync($"{path}/{id}"));
        foreach (var who in new[] { Who.Org2, Who.Evaluators[0] })
        {
            using var other = await life.As(who);
            Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{path}/{id}")).StatusCode);
        }
        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"{path}/{id}")).StatusCode);
        using var org2 = await life.As(Who.Org2);
        await (await org2.PostAsync(path, Form("冒名.pdf", Pdf))).AssertProblem(HttpStatusCode.Forbidden, "organization.members_only");
        await (await org2.DeleteAsync($"{path}/{id}")).AssertProblem(HttpStatusCode.Forbidden, "organization.members_only");

        Assert.Equal(HttpStatusCode.NoContent, (await org1.DeleteAsync($"{path}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await province.GetAsync($"{path}/{id}")).StatusCode);
    }
}
