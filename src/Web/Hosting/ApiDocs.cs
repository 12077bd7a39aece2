using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace Procurement.Web.Hosting;

/// <summary>
/// The API reference at <c>/api/docs</c> (Scalar), for anyone: it reads the same OpenAPI document as
/// <c>/openapi/v1.json</c> and shows nothing that document does not. Its script and fonts are served by the portal (no
/// CDN, no telemetry), and its one inline script runs under a nonce of the page's own Content-Security-Policy.
/// </summary>
public static class ApiDocs
{
    public const string Path = "/api/docs";
    public const string BearerScheme = "Bearer";

    /// <summary>The OpenAPI document's description: what the API is for and how to sign in to it, in Chinese and English.</summary>
    public const string Description = """
        社会组织、工会和评审专家可以通过本接口完成与门户相同的操作。调用需要登录的接口时：
        1. `POST /api/v1/auth/login`，请求体 `{"email": "…", "password": "…"}`，返回 `accessToken`（有效期 8 小时）；
        2. 之后每个请求带上请求头 `Authorization: Bearer {accessToken}`。
        金额以“分”为单位（整数），时间为带时区的 ISO 8601；错误以 problem details 返回，字段错误在 `errors` 中。

        Social organizations, unions and evaluators can do through this API what they do in the portal. To call an endpoint
        that needs a signed-in user: `POST /api/v1/auth/login` with `{"email": "…", "password": "…"}` returns an
        `accessToken` (valid 8 hours); send it on every request as `Authorization: Bearer {accessToken}`. Amounts are in fen
        (integers), times ISO 8601 with their offset; errors are problem details, field errors under `errors`.
        """;

    private const string NonceKey = "api-docs-nonce";

    public static void MapApiDocs(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, (options, http) => options
            .WithTitle("工会服务采购平台 API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(BearerScheme)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce((string)http.Items[NonceKey]!));

    /// <summary>
    /// For a request of the reference page, a fresh nonce its inline script is allowed by (as <c> 'nonce-…'</c> for the
    /// policy's <c>script-src</c>); empty for every other request, whose scripts are the portal's own files only.
    /// </summary>
    public static string ScriptNonce(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments(Path)) return "";
        // URL-safe base64: a '+' would reach the page HTML-encoded, which a browser reads back but a plain comparison does not.
        var nonce = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        http.Items[NonceKey] = nonce;
        return $" 'nonce-{nonce}'";
    }
}
