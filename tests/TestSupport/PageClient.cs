using System.Net;
using System.Text.RegularExpressions;

namespace Procurement.Tests.Support;

/// <summary>
/// A person's browser without the browser: keeps the portal's cookies, asks for pages as a browser does
/// (<c>Accept: text/html</c>, Chinese first) and posts forms with the antiforgery token the form page carries.
/// Follows no redirect, so a test sees where each answer sends the person.
/// </summary>
public sealed partial class PageClient : IDisposable
{
    private readonly HttpClient http;

    public PageClient(Uri baseAddress, string language = "zh-CN")
    {
        http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
    }

    public async Task SignInAsync(string email, string password = PortalHost.Password)
    {
        var answer = await PostFormAsync("/login", new() { ["Email"] = email, ["Password"] = password });
        if (answer.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in of {email} answered {(int)answer.StatusCode}");
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    /// <summary>Opens <paramref name="formPage"/> (default: the path posted to), then posts the fields with its token.</summary>
    public Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? formPage = null) =>
        PostFormAsync(path, (IEnumerable<KeyValuePair<string, string>>)fields, formPage);

    /// <summary>The same, for a form with a field given several times (ticked checkboxes of one name).</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, string? formPage = null)
    {
        var page = await http.GetStringAsync(formPage ?? path);
        var token = Token().Match(page);
        if (!token.Success) throw new InvalidOperationException($"{formPage ?? path} carries no antiforgery token");
        var body = fields.Append(KeyValuePair.Create("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups[1].Value)));
        return await http.PostAsync(path, new FormUrlEncodedContent(body));
    }

    public void Dispose() => http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
