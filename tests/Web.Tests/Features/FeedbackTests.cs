using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features;

/// <summary>
/// 服务评价 over HTTP: beneficiaries answer a contract's form anonymously, once a day per device, a flood from one address
/// is refused while others answer on, and the figures reach the contract's parties and the review's scoring page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class FeedbackTests(PortalHost portal)
{
    /// <summary>A client whose requests leave from <paramref name="address"/> (a loopback address of its own), as another beneficiary's phone would.</summary>
    private HttpClient From(string address) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = portal.BaseAddress };

    private static HttpRequestMessage Answer(Guid contractId, object body, string device) =>
        new(HttpMethod.Post, $"/api/v1/contracts/{contractId}/feedback") { Content = JsonContent.Create(body), Headers = { { "X-Device-Id", device } } };

    private Task<Guid> ActiveContractAsync() =>
        portal.Query(db => db.Contracts.Where(c => c.Status == ContractStatus.Active).OrderBy(c => c.SignedAt).Select(c => c.Id).FirstAsync());

    [Fact]
    public async Task A_beneficiary_answers_once_a_day_per_device_bad_answers_are_refused_beside_each_question_and_texts_are_masked()
    {
        var contractId = await ActiveContractAsync();
        using var phone = From("127.0.0.21");
        var device = Guid.NewGuid().ToString("N");
        var before = await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contractId));

        Assert.Equal(HttpStatusCode.NoContent, (await phone.SendAsync(Answer(contractId, new { satisfaction = 5, wouldRecommend = true, improve = "<b>老师</b>很好，我电话 13712345678" }, device))).StatusCode);
        await (await phone.SendAsync(Answer(contractId, new { satisfaction = 4, wouldRecommend = true }, device))).AssertProblem(HttpStatusCode.Conflict, "feedback.device_limit");
        await (await phone.SendAsync(Answer(contractId, new { satisfaction = 9, improve = new string('<', 100_000) }, Guid.NewGuid().ToString("N"))))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "satisfaction", "wouldRecommend", "improve");
        Assert.Equal(HttpStatusCode.NotFound, (await phone.SendAsync(Answer(Guid.NewGuid(), new { satisfaction = 5, wouldRecommend = true }, device))).StatusCode);

        Assert.Equal(before + 1, await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contractId)));
        Assert.Equal("老师很好，我电话 137****5678", await portal.Query(db => db.Feedback.Where(f => f.ContractId == contractId).OrderByDescending(f => f.At).Select(f => f.Improve).FirstAsync()));
    }

    [Fact]
    public async Task An_answer_tapped_twice_from_a_new_phone_is_stored_once_and_both_taps_are_thanked()
    {
        var contractId = await ActiveContractAsync();
        var before = await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contractId));
        using var phone = new PageClient(portal.BaseAddress);
        var form = await phone.OpenFormAsync($"/f/{contractId:N}");
        Assert.True(form.ContainsKey("RequestId"), "the form carries the id of its answer");
        var answer = form.Concat(new Dictionary<string, string> { ["Satisfaction"] = "4", ["WouldRecommend"] = "true", ["Improve"] = "希望多开几期" }).ToList();

        var taps = await Task.WhenAll(phone.PostAsync($"/f/{contractId:N}", answer), phone.PostAsync($"/f/{contractId:N}", answer));
        foreach (var tap in taps)
            Assert.Contains("data-testid=\"feedback-thanks\"", await tap.Content.ReadAsStringAsync());
        var again = await phone.PostAsync($"/f/{contractId:N}", answer);
        Assert.Contains("data-testid=\"feedback-thanks\"", await again.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contractId)));

        // A new answer from the same phone the same day is the device's second: refused, and the page says why.
        var second = await phone.OpenFormAsync($"/f/{contractId:N}");
        var refused = await (await phone.PostAsync($"/f/{contractId:N}", second.Concat(new Dictionary<string, string> { ["Satisfaction"] = "1", ["WouldRecommend"] = "false" })))
            .Content.ReadAsStringAsync();
        Assert.Contains("您今天已经评价过这项服务", refused);
        Assert.DoesNotContain("data-testid=\"feedback-thanks\"", refused);
        Assert.Equal(before + 1, await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contractId)));
    }

    [Fact]
    public async Task A_flood_from_one_address_is_refused_with_429_while_another_address_answers_on()
    {
        var contractId = await ActiveContractAsync();
        using var flooder = From("127.0.0.31");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 120; i++)
            statuses.Add((await flooder.SendAsync(Answer(contractId, new { satisfaction = 1, wouldRecommend = false }, Guid.NewGuid().ToString("N")))).StatusCode);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.NoContent, s));
        var refused = await flooder.SendAsync(Answer(contractId, new { satisfaction = 1, wouldRecommend = false }, Guid.NewGuid().ToString("N")));
        var problem = await refused.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal("操作过于频繁，请稍后再试", problem.GetProperty("title").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a refused answer says when to come back");

        using var neighbour = From("127.0.0.32");
        Assert.Equal(HttpStatusCode.NoContent, (await neighbour.SendAsync(Answer(contractId, new { satisfaction = 5, wouldRecommend = true }, Guid.NewGuid().ToString("N")))).StatusCode);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_beneficiary_is_limited_by_its_own_address_and_nobody_else_can_name_one()
    {
        var contractId = await ActiveContractAsync();
        HttpRequestMessage Forwarded(string forAddress)
        {
            var answer = Answer(contractId, new { satisfaction = 4, wouldRecommend = true }, Guid.NewGuid().ToString("N"));
            answer.Headers.Add("X-Forwarded-For", forAddress);
            return answer;
        }
        using var proxy = From(PortalHost.TrustedProxy);
        for (var i = 0; i < 120; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await proxy.SendAsync(Forwarded("203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await proxy.SendAsync(Forwarded("203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await proxy.SendAsync(Forwarded("203.0.113.8"))).StatusCode);

        // Anyone else saying whom they forward for is not believed: counted by their own address.
        using var pretender = From("127.0.0.42");
        for (var i = 0; i < 120; i++)
            Assert.Equal(HttpStatusCode.NoContent, (await pretender.SendAsync(Forwarded($"198.51.100.{i}"))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await pretender.SendAsync(Forwarded("198.51.100.200"))).StatusCode);
    }

    [Fact]
    public async Task The_parties_read_the_figures_and_the_qr_code_and_nobody_else_does()
    {
        var contract = await portal.Query(db => db.Contracts.Where(c => c.Status == ContractStatus.Active)
            .Join(db.Users, c => (Guid?)c.OrganizationId, u => u.OrganizationId, (c, u) => new { c.Id, u.Email }).Where(x => x.Email!.EndsWith("@demo.local")).FirstAsync());
        using var member = await portal.SignedIn(contract.Email!);
        var figures = await member.GetFromJsonAsync<JsonElement>($"/api/v1/contracts/{contract.Id}/feedback");
        var stored = await portal.Query(db => db.Feedback.CountAsync(f => f.ContractId == contract.Id));
        Assert.Equal(stored, figures.GetProperty("quarters").EnumerateArray().Sum(q => q.GetProperty("count").GetInt32()));

        var png = await member.GetAsync($"/api/v1/contracts/{contract.Id}/feedback/qr.png");
        Assert.Equal("image/png", png.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);

        using var anonymous = portal.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/contracts/{contract.Id}/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/v1/contracts/{contract.Id}/feedback/qr.png")).StatusCode);
        var (_, workerEmail) = await portal.NewUserAsync(Roles.Worker);
        // a union admin outside the contract's union line: the demo has contracts under Heilongjiang and under Lanzhou
        var contractUnion = await portal.Query(db => db.Contracts.Where(c => c.Id == contract.Id).Join(db.Unions, c => c.UnionId, u => u.Id, (c, u) => u.Path).FirstAsync());
        var lanzhou = await portal.Query(db => db.Users.Where(u => u.Email == "lanzhou@demo.local").Select(u => u.UnionId).FirstAsync());
        var strangerUnion = contractUnion.Contains(lanzhou!.Value.ToString("N")) ? "city@demo.local" : "lanzhou@demo.local";
        foreach (var email in new[] { strangerUnion, workerEmail })
        {
            using var stranger = await portal.SignedIn(email);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/contracts/{contract.Id}/feedback")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/contracts/{contract.Id}/feedback")).StatusCode);
        }
    }

    [Fact]
    public async Task The_review_scoring_page_shows_the_quarters_answers_beside_the_satisfaction_score()
    {
        var review = await portal.Query(db => db.ReviewEvaluators.Where(e => !e.ConflictDeclared)
            .Join(db.QuarterlyReviews.Where(r => r.Status == ReviewStatus.Open), e => e.ReviewId, r => r.Id, (e, r) => new { r.Id, r.ContractId, r.Quarter, e.EvaluatorId })
            .Join(db.Users, x => x.EvaluatorId, u => u.Id, (x, u) => new { x.Id, x.ContractId, x.Quarter, u.Email }).Where(x => x.Email!.EndsWith("@demo.local")).FirstAsync());
        var answers = await portal.Query(db => db.Feedback.Where(f => f.ContractId == review.ContractId && f.Quarter == review.Quarter).ToListAsync());
        Assert.NotEmpty(answers); // the demo data answers every seeded contract over the last quarters
        using var evaluator = new PageClient(portal.BaseAddress);
        await evaluator.SignInAsync(review.Email!);

        var page = await (await evaluator.GetAsync($"/reviews/{review.Id}")).Content.ReadAsStringAsync();
        var box = page[page.IndexOf("data-testid=\"review-feedback\"", StringComparison.Ordinal)..];
        Assert.Contains($"{answers.Average(a => a.Satisfaction):0.00}", box[..2000]);
        Assert.Contains($"{answers.Count} 份评价", box[..2000]);
    }

    [Fact]
    public async Task The_public_form_names_the_service_and_a_finished_contract_takes_no_answers()
    {
        var active = await ActiveContractAsync();
        using var anonymous = portal.Anonymous();
        var form = await anonymous.GetStringAsync($"/f/{active:N}");
        Assert.Contains("data-testid=\"feedback-form\"", form);
        Assert.Contains(await portal.Query(db => db.Contracts.Where(c => c.Id == active).Select(c => c.Title).FirstAsync()), form);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/f/{Guid.NewGuid():N}")).StatusCode);
    }
}
