using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features;

/// <summary>Milestone events reach the browsers of the contract's parties over SignalR, and nobody else's.</summary>
[Collection(PortalCollection.Name)]
public sealed class LiveFeedTests(PortalHost portal)
{
    [Fact]
    public async Task Milestone_verified_reaches_the_contract_parties_and_not_other_organizations_or_unions()
    {
        // The Daqing contract: 大庆市总工会 (under Heilongjiang) with org1's organization.
        var contract = await portal.Query(db => db.Contracts.Include(c => c.Milestones)
            .FirstAsync(c => c.Title.Contains("大庆") && c.Milestones.Any(m => m.Status == MilestoneStatus.Planned)));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();

        await using var org1 = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor("org1@demo.local"));
        await using var province = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor("province@demo.local"));
        await using var org2 = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor("org2@demo.local"));
        await using var lanzhou = await HubClient.ConnectAsync(portal.BaseAddress, await portal.TokenFor("lanzhou@demo.local"));
        await using var anonymous = await HubClient.ConnectAsync(portal.BaseAddress, null);

        using var organization = await portal.SignedIn("org1@demo.local");
        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(organization, contract.Id, milestone.Id)).StatusCode);
        using var union = await portal.SignedIn("province@demo.local");
        var verify = await union.PostAsJsonAsync($"/api/v1/contracts/{contract.Id}/milestones/{milestone.Id}/verify", new { accept = true });
        Assert.Equal(HttpStatusCode.NoContent, verify.StatusCode);

        bool IsVerified(JsonElement e) => e.GetProperty("kind").GetString() == "MilestoneVerified"
            && e.GetProperty("data").GetProperty("contractId").GetGuid() == contract.Id;
        Assert.NotNull(await org1.WaitForAsync(IsVerified, TimeSpan.FromSeconds(15)));
        Assert.NotNull(await province.WaitForAsync(IsVerified, TimeSpan.FromSeconds(5)));
        var payment = await org1.WaitForAsync(e => e.GetProperty("kind").GetString() == "PaymentReleased", TimeSpan.FromSeconds(5));
        Assert.Equal(await portal.Query(db => db.Milestones.Where(m => m.Id == milestone.Id).Select(m => m.PaidFen).FirstAsync()),
            payment!.Value.GetProperty("data").GetProperty("amountFen").GetInt64());

        await Task.Delay(500); // the others had the same time to receive it
        foreach (var outsider in new[] { org2, lanzhou, anonymous })
            Assert.DoesNotContain(outsider.Events, e => e.GetProperty("data").TryGetProperty("contractId", out var id) && id.GetGuid() == contract.Id);
    }

    [Fact]
    public async Task Evidence_is_downloadable_by_the_parties_only_and_refused_when_it_is_not_an_image_or_pdf()
    {
        var contract = await portal.Query(db => db.Contracts.Include(c => c.Milestones)
            .FirstAsync(c => c.Title.Contains("五师一室") && c.Milestones.Any(m => m.Status == MilestoneStatus.Planned)));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();
        using var org3 = await portal.SignedIn("org3@demo.local");

        var refused = await ReportAsync(org3, contract.Id, milestone.Id, "notes.exe", [0x4D, 0x5A, 0x90, 0x00]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("evidence", out _));
        Assert.Equal(MilestoneStatus.Planned, await portal.Query(db => db.Milestones.Where(m => m.Id == milestone.Id).Select(m => m.Status).FirstAsync()));

        Assert.Equal(HttpStatusCode.NoContent, (await ReportAsync(org3, contract.Id, milestone.Id)).StatusCode);
        var file = await portal.Query(db => db.EvidenceFiles.FirstAsync(e => e.MilestoneId == milestone.Id));
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestFiles.Png)), file.Sha256);

        var download = $"/api/v1/contracts/{contract.Id}/evidence/{file.Id}";
        Assert.Equal(TestFiles.Png, await (await org3.GetAsync(download)).Content.ReadAsByteArrayAsync());
        using var union = await portal.SignedIn("province@demo.local");
        Assert.Equal(HttpStatusCode.OK, (await union.GetAsync(download)).StatusCode);
        // An evaluator on none of its quarterly reviews (one who sits on them reads the evidence: ReviewScoringTests).
        var (_, evaluator) = await portal.NewUserAsync(Roles.Evaluator);
        foreach (var outsider in new[] { "org1@demo.local", "lanzhou@demo.local", evaluator })
        {
            using var client = await portal.SignedIn(outsider);
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(download)).StatusCode);
        }
        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(download)).StatusCode);
    }

    [Fact]
    public async Task A_report_claiming_more_than_any_sum_the_platform_holds_is_refused_on_its_expenditure_and_stores_nothing()
    {
        var contract = await portal.Query(db => db.Contracts.Include(c => c.Milestones)
            .FirstAsync(c => c.Title.Contains("五师一室") && c.Milestones.Any(m => m.Status == MilestoneStatus.Planned)));
        var milestone = contract.Milestones.Where(m => m.Status == MilestoneStatus.Planned).OrderBy(m => m.Sequence).First();
        var evidenceBefore = await portal.Query(db => db.EvidenceFiles.CountAsync());
        using var org3 = await portal.SignedIn("org3@demo.local");

        var refused = await ReportAsync(org3, contract.Id, milestone.Id, expenditureYuan: "79228162514264337593543950335");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("expenditureYuan", out _), errors.ToString());
        Assert.Equal(MilestoneStatus.Planned, await portal.Query(db => db.Milestones.Where(m => m.Id == milestone.Id).Select(m => m.Status).FirstAsync()));
        Assert.Equal(evidenceBefore, await portal.Query(db => db.EvidenceFiles.CountAsync()));
    }

    public static Task<HttpResponseMessage> ReportAsync(HttpClient client, Guid contractId, Guid milestoneId, string fileName = "activity.png", byte[]? content = null,
        string expenditureYuan = "12345.67")
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent("120"), "beneficiariesServed" },
            { new StringContent("6"), "sessionsHeld" },
            { new StringContent(expenditureYuan), "expenditureYuan" },
            { new StringContent("开展职工健康讲座6场，服务120人次。"), "narrative" },
        };
        var file = new ByteArrayContent(content ?? TestFiles.Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "files", fileName);
        return client.PostAsync($"/api/v1/contracts/{contractId}/milestones/{milestoneId}/reports", form);
    }
}
