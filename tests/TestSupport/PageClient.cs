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

    /// <summary>
    /// Opens a form page once, as a browser shows it (keeping the cookies it sets), and returns its hidden fields (the
    /// antiforgery token, a request id) to post with, possibly more than once (<see cref="PostAsync"/>).
    /// </summary>
    public async Task<Dictionary<string, string>> OpenFormAsync(string path)
    {
        var page = await http.GetStringAsync(path);
        return HiddenInput().Matches(page).Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(f => f.Name is not null).DistinctBy(f => f.Name).ToDictionary(f => f.Name!, f => WebUtility.HtmlDecode(f.Value ?? ""));
    }

    public Task<HttpResponseMessage> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields) =>
        http.PostAsync(path, new FormUrlEncodedContent(fields));

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\b{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    public void Dispose() => http.Dispose();

    [GeneratedRegex("<input\\b[^>]*\\btype=\"hidden\"[^>]*>")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
