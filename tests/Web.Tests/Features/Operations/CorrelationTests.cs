using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Procurement.Tests.Support;
using Procurement.Web.Tests.Features.Lifecycle;

namespace Procurement.Web.Tests.Features.Operations;

/// <summary>
/// One correlation id per request, from the Web through the grain call to the consumers of the events it raised; and a
/// command no silo answers ends in a bounded time with a retryable 503.
/// </summary>
public sealed class CorrelationTests(OperationsPortal portal) : IClassFixture<OperationsPortal>
{
    private readonly Lifecycle.Lifecycle life = new(portal);

    [Fact]
    public async Task The_web_request_the_grain_call_and_the_event_consumers_log_under_the_id_the_response_names()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(20));
        var id = await life.CreateDraft(province, draft);

        var publish = await province.PostAsync($"/api/v1/projects/{id}/publish", null);
        Assert.Equal(HttpStatusCode.NoContent, publish.StatusCode);
        var traceId = Assert.Single(publish.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        // The event leaves through the outbox after the answer: wait for its consumer's line.
        var lines = await Eventually.Get(
            () => Task.FromResult(portal.Logs.WithTraceId(traceId).ToList()),
            l => l.Any(e => e.Category.EndsWith(".ActivityProjection", StringComparison.Ordinal) && e.Message.Contains("ProjectPublished", StringComparison.Ordinal)));

        Assert.Contains(lines, e => e.Category == "Procurement.Web.Hosting.GrainCommands" && e.Message.Contains("Command Publish", StringComparison.Ordinal));
        Assert.Contains(lines, e => e.Category == "Procurement.Silo.Hosting.GrainCallLog" && e.Message.Contains(".Publish", StringComparison.Ordinal));
        // The other command of this test ran under another trace, and none of its lines is taken for this one.
        Assert.DoesNotContain(lines, e => e.Message.Contains("CreateDraft", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_request_is_one_trace_across_the_web_the_grain_call_the_outbox_and_every_consumer_in_the_exported_spans()
    {
        using var province = await life.As(Who.Province);
        var id = await life.CreateDraft(province, Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(20)));

        var publish = await province.PostAsync($"/api/v1/projects/{id}/publish", null);
        Assert.Equal(HttpStatusCode.NoContent, publish.StatusCode);
        var traceId = Assert.Single(publish.Headers.GetValues("X-Correlation-Id"));

        // The consumers run after the answer, and a span is exported when it ends: wait for the whole tree.
        static bool Complete(IReadOnlyList<Activity> s) =>
            s.Count(x => x.Source.Name == "MassTransit" && x.Kind == ActivityKind.Consumer) >= 2 && s.Any(x => x.Kind == ActivityKind.Server)
            && s.All(x => x.ParentSpanId == default || s.Any(p => p.SpanId == x.ParentSpanId));
        IReadOnlyList<Activity> spans;
        try
        {
            spans = await Eventually.Get(() => Task.FromResult(portal.Spans.WithTraceId(traceId)), Complete);
        }
        catch (TimeoutException)
        {
            var seen = portal.Spans.WithTraceId(traceId);
            Assert.Fail($"the trace's spans ({seen.Count}):\n" + string.Join("\n", seen.Select(s =>
                $"{s.Source.Name} {s.Kind} '{s.DisplayName}' {s.SpanId} parent {s.ParentSpanId}{(seen.Any(p => p.SpanId == s.ParentSpanId) ? "" : " (parent not exported)")}")));
            throw;
        }

        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal($"/api/v1/projects/{id}/publish", request.GetTagItem("url.path"));
        Assert.Contains(spans, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.DisplayName.Contains("Publish", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.Source.Name == "Procurement" && s.DisplayName == "outbox publish");
        Assert.Contains(spans, s => s.Source.Name == "MassTransit" && s.Kind == ActivityKind.Producer);
        Assert.Contains(spans, s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
        // One root, every other span below it (the wait above saw each span's parent): the caller's HTTP request (this test
        // runs in the portal's process, so its client span is recorded too), and the portal's request right under it.
        var root = Assert.Single(spans, s => s.ParentSpanId == default);
        Assert.Equal(root.SpanId, request.ParentSpanId);
        // The other command of this test is a trace of its own.
        Assert.DoesNotContain(spans, s => s.GetTagItem("url.path") is "/api/v1/projects");
    }

    [Fact]
    public async Task A_problem_names_the_same_trace_id_as_its_correlation_header()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(20));
        draft["title"] = "";

        var response = await province.PostAsync("/api/v1/projects", Json.Body(draft));
        var problem = await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "title");
        Assert.Equal(Assert.Single(response.Headers.GetValues("X-Correlation-Id")), problem.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task Every_answer_says_the_server_s_own_time_in_server_timing_a_page_and_a_problem_alike()
    {
        using var anonymous = life.Anonymous();
        foreach (var path in new[] { "/projects", "/api/v1/projects/" + Guid.NewGuid() })
        {
            var response = await anonymous.GetAsync(path);
            var timing = Assert.Single(response.Headers.GetValues("Server-Timing"));
            Assert.Matches(@"^app;dur=\d+\.\d$", timing);
            Assert.InRange(double.Parse(timing["app;dur=".Length..], System.Globalization.CultureInfo.InvariantCulture), 0, 60_000);
        }
    }

    [Fact]
    public async Task A_command_the_silo_never_answers_ends_in_503_with_retry_after_and_its_retry_runs_it_once()
    {
        using var province = await life.As(Who.Province);
        var title = $"无应答测试 {Guid.NewGuid():N}";
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(20), title: title);
        var key = Guid.NewGuid().ToString("N");
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/projects") { Content = Json.Body(draft) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        portal.Stall.Arm();
        HttpResponseMessage first;
        var clock = Stopwatch.StartNew();
        try
        {
            first = await province.SendAsync(Create());
        }
        finally
        {
            clock.Stop();
            portal.Stall.Release();
        }
        var problem = await first.AssertProblem(HttpStatusCode.ServiceUnavailable, "service.unavailable");
        Assert.Equal(TimeSpan.FromSeconds(5), first.Headers.RetryAfter?.Delta);
        Assert.InRange(clock.Elapsed, OperationsPortal.CommandTimeout - TimeSpan.FromMilliseconds(200), OperationsPortal.CommandTimeout + TimeSpan.FromSeconds(4));
        Assert.Equal(Assert.Single(first.Headers.GetValues("X-Correlation-Id")), problem.GetProperty("traceId").GetString());

        // The held command is carried out once released; the client's retry with the same key gets its result.
        var created = await Eventually.Get(() => portal.Query(db => db.Projects.Where(p => p.Title == title).Select(p => p.Id).ToListAsync()), ids => ids.Count > 0);
        var retry = await province.SendAsync(Create());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(created.Single(), (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1, await portal.Query(db => db.Projects.CountAsync(p => p.Title == title)));
    }
}
