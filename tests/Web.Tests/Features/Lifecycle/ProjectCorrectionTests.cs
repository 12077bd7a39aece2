using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>Editing a draft, amending and cancelling a published call over the API: the project's union only, the outcome public.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class ProjectCorrectionTests(LifecyclePortal portal)
{
    private readonly Lifecycle life = new(portal);

    private static JsonObject Amendment(JsonObject draft, string? note) => new() { ["draft"] = draft.DeepClone(), ["note"] = note };

    [Fact]
    public async Task Only_the_projects_union_edits_a_draft_amends_or_cancels_the_call()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(10));
        var id = await life.CreateDraft(province, draft);
        var (published, publishedDraft) = await life.Published(TimeSpan.FromDays(10));

        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsync($"/api/v1/projects/{id}", Json.Body(draft))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/projects/{published}/amendments", Json.Body(Amendment(publishedDraft, "x")))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync($"/api/v1/projects/{published}/cancel", new { reason = "x" })).StatusCode);
        foreach (var email in new[] { Who.Org1, Who.Evaluators[0] })
        {
            using var client = await life.As(email);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync($"/api/v1/projects/{id}", Json.Body(draft))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync($"/api/v1/projects/{published}/amendments", Json.Body(Amendment(publishedDraft, "x")))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/v1/projects/{published}/cancel", new { reason = "x" })).StatusCode);
        }
        // Another union's admin does not even find them.
        using var lanzhou = await life.As(Who.Lanzhou);
        await (await lanzhou.PutAsync($"/api/v1/projects/{id}", Json.Body(draft))).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        await (await lanzhou.PostAsJsonAsync($"/api/v1/projects/{published}/cancel", new { reason = "x" })).AssertProblem(HttpStatusCode.NotFound, "project.not_found");
        Assert.Equal(("Draft", "Published"), ((await life.Project(id)).GetProperty("status").GetString(), (await life.Project(published)).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task A_draft_edit_shows_at_once_an_amendment_is_public_and_a_cancellation_shows_its_reason_to_everyone()
    {
        using var province = await life.As(Who.Province);
        var draft = Bodies.Project(await life.Heilongjiang(), DateTimeOffset.UtcNow.AddDays(10));
        var id = await life.CreateDraft(province, draft);
        draft["title"] = "职工心理援助热线（修订稿）";
        Assert.Equal(HttpStatusCode.NoContent, (await province.PutAsync($"/api/v1/projects/{id}", Json.Body(draft))).StatusCode);
        Assert.Equal("职工心理援助热线（修订稿）", (await life.Project(id)).GetProperty("title").GetString());

        await life.Publish(province, id);
        await (await province.PutAsync($"/api/v1/projects/{id}", Json.Body(draft))).AssertProblem(HttpStatusCode.Conflict, "project.not_draft");
        await (await province.PostAsync($"/api/v1/projects/{id}/amendments", Json.Body(Amendment(draft, null)))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "note");
        await (await province.PostAsync($"/api/v1/projects/{id}/amendments", Json.Body(new JsonObject { ["note"] = "只有说明" })))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "draft");

        draft["description"] = "7×24小时热线，新增线上团体辅导。";
        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsync($"/api/v1/projects/{id}/amendments", Json.Body(Amendment(draft, "新增线上团体辅导。")))).StatusCode);
        using var anonymous = life.Anonymous();
        var seen = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal("新增线上团体辅导。", seen.GetProperty("amendments")[0].GetProperty("note").GetString());
        Assert.Equal("7×24小时热线，新增线上团体辅导。", seen.GetProperty("description").GetString());

        await (await province.PostAsJsonAsync($"/api/v1/projects/{id}/cancel", new { reason = " " })).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "reason");
        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsJsonAsync($"/api/v1/projects/{id}/cancel", new { reason = "资金调整，本项目终止。" })).StatusCode);
        var cancelled = await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/projects/{id}");
        Assert.Equal(("Cancelled", "资金调整，本项目终止。"), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("cancelReason").GetString()));
        var page = await (await anonymous.GetAsync($"/projects/{id}")).Content.ReadAsStringAsync();
        Assert.Contains("资金调整，本项目终止。", page);
        Assert.Contains("新增线上团体辅导。", page);
    }
}
