using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features.Operations;

/// <summary>
/// A page request that fails gets the portal's page in the reader's language, with the header and a way back; the same
/// failure through the API stays problem details.
/// </summary>
public sealed class ErrorPageTests(OperationsPortal portal) : IClassFixture<OperationsPortal>
{
    private readonly Lifecycle.Lifecycle life = new(portal);

    private static async Task<string> AssertErrorPage(HttpResponseMessage answer, HttpStatusCode status, string title)
    {
        var html = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == status, $"expected {(int)status}, got {(int)answer.StatusCode}: {html[..Math.Min(html.Length, 300)]}");
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"data-status=\"{(int)status}\"", html);
        Assert.Contains($"<h1>{title}</h1>", html);
        Assert.Contains("<header class=\"top\"", html);
        Assert.Contains("<a href=\"/\">", html);
        return html;
    }

    [Fact]
    public async Task An_unknown_page_is_a_404_page_in_chinese_with_the_way_home_and_in_english_when_chosen()
    {
        using var browser = new PageClient(portal.BaseAddress);
        await AssertErrorPage(await browser.GetAsync($"/projects/{Guid.NewGuid()}"), HttpStatusCode.NotFound, "找不到这个页面");
        await AssertErrorPage(await browser.GetAsync("/no/such/page"), HttpStatusCode.NotFound, "找不到这个页面");
        await AssertErrorPage(await browser.GetAsync("/no/such/page?culture=en"), HttpStatusCode.NotFound, "Page not found");
    }

    [Fact]
    public async Task The_api_keeps_problem_details_for_the_same_failure()
    {
        using var api = portal.Anonymous();
        var answer = await api.GetAsync($"/api/v1/projects/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);

        // Even a browser that wanders onto the API gets the machine answer.
        using var browser = new PageClient(portal.BaseAddress);
        var html = await browser.GetAsync($"/api/v1/projects/{Guid.NewGuid()}");
        Assert.Equal("application/problem+json", html.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_page_the_account_may_not_open_sends_it_to_the_403_page_with_the_way_to_its_workbench()
    {
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Org1);
        var refused = await browser.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var to = refused.Headers.Location!;
        Assert.Equal("/error/403", to.AbsolutePath);

        var html = await AssertErrorPage(await browser.GetAsync(to.PathAndQuery), HttpStatusCode.Forbidden, "无权访问");
        Assert.Contains("href=\"/workbench\"", html);
    }

    [Fact]
    public async Task A_server_fault_behind_a_form_is_a_500_page_naming_the_reference_its_log_lines_carry()
    {
        using var province = await life.As(Who.Province);
        var id = await life.CreateDraft(province, Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(20)));
        using var browser = new PageClient(portal.BaseAddress);
        await browser.SignInAsync(Who.Province);

        portal.Fault.Arm("Publish");
        HttpResponseMessage answer;
        try
        {
            answer = await browser.PostFormAsync($"/projects/{id}?handler=Publish", [], formPage: $"/projects/{id}");
        }
        finally
        {
            portal.Fault.Release();
        }

        var html = await AssertErrorPage(answer, HttpStatusCode.InternalServerError, "服务器出了点问题");
        var reference = Assert.Single(answer.Headers.GetValues("X-Correlation-Id"));
        Assert.Contains($"<code>{reference}</code>", html);
        Assert.DoesNotContain("InvalidOperationException", html);
        Assert.DoesNotContain("a fault the test put in", html);
        Assert.Contains(portal.Logs.WithTraceId(reference), e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error);

        // The same fault through the API: a 500 problem, no page.
        portal.Fault.Arm("Publish");
        try
        {
            var api = await province.PostAsync($"/api/v1/projects/{id}/publish", null);
            Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
            Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
            Assert.Equal(reference.Length, (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("traceId").GetString()!.Length);
        }
        finally
        {
            portal.Fault.Release();
        }
    }
}
