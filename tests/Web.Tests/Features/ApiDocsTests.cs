using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features;

/// <summary>The API reference at /api/docs: open to anyone, built from the OpenAPI document alone, its script allowed by nonce only.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class ApiDocsTests(PortalHost portal)
{
    [Fact]
    public async Task The_reference_renders_for_anonymous_readers_from_the_openapi_document_with_its_script_under_a_fresh_nonce()
    {
        using var anonymous = portal.Anonymous();
        var entry = await anonymous.GetAsync("/api/docs");
        Assert.Equal(HttpStatusCode.Redirect, entry.StatusCode);
        Assert.Equal("/api/docs/", new Uri(new Uri(portal.BaseAddress, "/api/docs"), entry.Headers.Location!).AbsolutePath);
        var first = await anonymous.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var html = await first.Content.ReadAsStringAsync();
        Assert.Contains("工会服务采购平台 API", html);
        // Its one source, resolved by its script against the site's root: /openapi/v1.json.
        Assert.Contains("\"sources\":[{\"title\":\"v1\",\"url\":\"openapi/v1.json\"}]", html);

        // Its inline script runs only under the nonce the page's own policy names, and the nonce is new each time.
        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html);
        var again = (await anonymous.GetAsync("/api/docs/")).Headers.GetValues("Content-Security-Policy").Single();
        Assert.NotEqual(nonce, Nonce().Match(again).Groups[1].Value);
        Assert.DoesNotContain("nonce-", (await anonymous.GetAsync("/projects")).Headers.GetValues("Content-Security-Policy").Single());

        // Everything it loads comes from the portal (paths relative to the page): no CDN, no font service.
        var sources = Source().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("scalar.js", sources);
        Assert.All(sources, s => Assert.False(s.Contains("//", StringComparison.Ordinal), $"{s} is loaded from elsewhere"));
        Assert.DoesNotContain("cdn.", html);
        foreach (var script in sources.Where(s => s.EndsWith(".js", StringComparison.Ordinal)))
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/api/docs/" + script)).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_explains_the_bearer_sign_in_and_every_operation_it_lists_is_under_the_api()
    {
        using var anonymous = portal.Anonymous();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Contains("Authorization: Bearer", document.GetProperty("info").GetProperty("description").GetString());
        var bearer = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/auth/login", paths);
        Assert.All(paths, p => Assert.StartsWith("/api/v1/", p));
    }

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex(@"(?:src|href)=""([^""]+)""")]
    private static partial Regex Source();
}
