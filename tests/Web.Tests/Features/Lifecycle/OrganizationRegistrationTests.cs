using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Lifecycle;

/// <summary>POST /api/v1/organizations: an organization with its first member's account, the USCC checked.</summary>
[Collection(LifecycleCollection.Name)]
public sealed class OrganizationRegistrationTests(LifecyclePortal portal)
{
    private const string Password = "Register#2026x";
    private readonly Lifecycle life = new(portal);

    /// <summary>A code body of the organization code's own alphabet (no I, O, Z, S, V), unique per call.</summary>
    private static string Body() => "MA1" + string.Concat(Enumerable.Range(0, 5).Select(_ => Uscc.Alphabet[Random.Shared.Next(Uscc.Alphabet.Length)]));

    private static JsonObject Registration(string? uscc, string kind = "Registered") => new()
    {
        ["name"] = $"哈尔滨测试社工服务中心 {Guid.NewGuid():N}",
        ["kind"] = kind,
        ["uscc"] = uscc,
        ["regionCode"] = "230100",
        ["description"] = "为职工提供心理咨询服务。",
        ["serviceDomains"] = new JsonArray("心理援助"),
        ["serviceRegions"] = new JsonArray("哈尔滨市"),
        ["certifiedSocialWorkers"] = 3,
        ["volunteers"] = 20,
        ["contactName"] = "张女士",
        ["contactPhone"] = "0451-12345678",
        ["accountEmail"] = $"register-{Guid.NewGuid():N}@test.local",
        ["accountPassword"] = Password,
    };

    private Task<bool> Exists(JsonObject registration)
    {
        var name = registration["name"]!.GetValue<string>();
        var email = registration["accountEmail"]!.GetValue<string>();
        return portal.Query(async db => await db.Organizations.AnyAsync(o => o.Name == name) || await db.Users.AnyAsync(u => u.Email == email));
    }

    [Fact]
    public async Task A_valid_code_registers_a_pending_organization_whose_member_signs_in_and_bids_once_approved()
    {
        var uscc = Uscc.Compose("52", "230100", Body());
        Assert.True(Uscc.IsValid(uscc));
        var registration = Registration(uscc);
        using var anonymous = life.Anonymous();

        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/organizations/{id}", response.Headers.Location!.OriginalString);

        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = registration["accountEmail"]!.GetValue<string>(), password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        using var member = life.Anonymous();
        member.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());

        var own = await member.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{id}");
        Assert.Equal(("Pending", uscc, "Registered"), (own.GetProperty("status").GetString(), own.GetProperty("uscc").GetString(), own.GetProperty("kind").GetString()));
        await (await anonymous.GetAsync($"/api/v1/organizations/{id}")).AssertProblem(HttpStatusCode.NotFound, "organization.not_found");

        // Pending organizations do not bid.
        var (projectId, draft) = await life.Published(TimeSpan.FromDays(3));
        await (await Lifecycle.PostBid(member, projectId, Bodies.Bid(draft, 100_000_00))).AssertProblem(HttpStatusCode.Forbidden, "bid.organization_not_approved");

        using var province = await life.As(Who.Province);
        Assert.Equal(HttpStatusCode.NoContent, (await province.PostAsync($"/api/v1/organizations/{id}/approve", null)).StatusCode);
        Assert.Equal("Approved", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/v1/organizations/{id}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Created, (await Lifecycle.PostBid(member, projectId, Bodies.Bid(draft, 100_000_00))).StatusCode);
        Assert.Equal((ProjectStatus.Published, 1, 1), await life.Row(projectId));
    }

    [Fact]
    public async Task A_code_with_a_wrong_check_character_is_refused_on_uscc_and_registers_nothing()
    {
        var valid = Uscc.Compose("52", "230100", Body());
        var wrong = valid[..17] + Uscc.Alphabet[(Uscc.Alphabet.IndexOf(valid[17]) + 1) % Uscc.Alphabet.Length];
        var registration = Registration(wrong);
        using var anonymous = life.Anonymous();

        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));

        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "uscc");
        Assert.False(await Exists(registration));
        var login = await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = registration["accountEmail"]!.GetValue<string>(), password = Password });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    /// <summary>What a new user typed on a first try: every field below is wrong, and each must be named in one answer.</summary>
    private static JsonObject EverythingWrong()
    {
        var registration = Registration("522301001");          // 9 characters
        registration["regionCode"] = "23010";                    // 5 digits
        registration["certifiedSocialWorkers"] = -3;
        registration["contactPhone"] = "abc";
        registration["accountEmail"] = "not-an-address";
        registration["accountPassword"] = "short";
        return registration;
    }

    private static readonly string[] EverythingWrongFields = ["uscc", "regionCode", "certifiedSocialWorkers", "contactPhone", "accountEmail", "accountPassword"];

    [Fact]
    public async Task Every_wrong_field_of_a_registration_is_named_in_one_answer_with_the_words_the_page_shows()
    {
        var registration = EverythingWrong();
        using var anonymous = life.Anonymous();

        var problem = await (await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", EverythingWrongFields);

        var errors = problem.GetProperty("errors");
        Assert.Equal("请填写11位手机号，或带区号的固定电话（如 0451-12345678）", errors.GetProperty("contactPhone")[0].GetString());
        Assert.Equal("行政区划代码应为6位数字，前两位为省级代码（如 230102）", errors.GetProperty("regionCode")[0].GetString());
        Assert.Equal("统一社会信用代码应为18位", errors.GetProperty("uscc")[0].GetString());
        Assert.False(await Exists(registration));
    }

    [Fact]
    public async Task An_address_that_cannot_be_a_sign_in_name_is_refused_beside_it_before_the_organization_is_registered()
    {
        var registration = Registration(Uscc.Compose("52", "230100", Body()));
        registration["accountEmail"] = "社工@例子.中国";
        using var anonymous = life.Anonymous();

        var problem = await (await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "accountEmail");
        Assert.False(problem.GetProperty("errors").TryGetProperty("accountPassword", out _));
        Assert.False(await Exists(registration));
    }

    [Fact]
    public async Task The_registration_page_shows_every_error_beside_its_field_at_once_and_keeps_the_password()
    {
        var registration = EverythingWrong();
        registration["accountEmail"] = $"page-{Guid.NewGuid():N}@test.local";
        registration["accountPassword"] = "Sunshine#2026x";
        using var browser = new PageClient(portal.BaseAddress);

        var answer = await browser.PostFormAsync("/organizations/register", new()
        {
            ["Input.Name"] = registration["name"]!.GetValue<string>(),
            ["Input.Kind"] = "Registered",
            ["Input.Uscc"] = "522301001",
            ["Input.RegionCode"] = "23010",
            ["Input.CertifiedSocialWorkers"] = "-3",
            ["Input.Volunteers"] = "many",
            ["Input.ContactPhone"] = "abc",
            ["Input.AccountEmail"] = registration["accountEmail"]!.GetValue<string>(),
            ["Input.AccountPassword"] = "Sunshine#2026x",
        });

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var html = await answer.Content.ReadAsStringAsync();
        foreach (var (field, words) in new[]
        {
            ("Uscc", "统一社会信用代码应为18位"), ("RegionCode", "前两位为省级代码"), ("CertifiedSocialWorkers", "数值超出允许范围"),
            ("Volunteers", "格式不正确"), ("ContactPhone", "11位手机号"),
        })
            Assert.Matches($"data-valmsg-for=\"Input.{field}\"[^>]*>[^<]*{words}", html);
        Assert.Contains("value=\"Sunshine#2026x\"", html);
        Assert.Matches("<label class=\"required\" for=\"Input_RegionCode\"", html);
        Assert.False(await Exists(registration));
    }

    public static TheoryData<string> Phones => new() { "13812345678", "+86 138 1234 5678", "0451-12345678", "010-87654321-123", "400-810-8888" };

    [Theory]
    [MemberData(nameof(Phones))]
    public async Task A_mobile_landline_or_service_number_is_accepted(string phone)
    {
        var registration = Registration(Uscc.Compose("52", "230100", Body()));
        registration["contactPhone"] = phone;
        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration))).StatusCode);
    }

    public static TheoryData<string> BrokenCodes => new()
    {
        "91230100MA1BXD0",          // 17 characters
        "52230100MA1BXDO1XX",       // a letter O, not in the alphabet
        "72230100MA1BXD01XX",       // authority 7 is no provider
        "",
    };

    [Theory]
    [MemberData(nameof(BrokenCodes))]
    public async Task A_malformed_code_of_a_registered_organization_is_refused_on_uscc(string code)
    {
        var registration = Registration(code);
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "uscc");
        Assert.False(await Exists(registration));
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_is_refused_on_account_email_and_registers_nothing()
    {
        var registration = Registration(Uscc.Compose("52", "230100", Body()));
        registration["accountEmail"] = Who.Org1;
        var users = await portal.Query(db => db.Users.CountAsync());
        using var anonymous = life.Anonymous();

        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));

        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "accountEmail");
        var name = registration["name"]!.GetValue<string>();
        Assert.False(await portal.Query(db => db.Organizations.AnyAsync(o => o.Name == name)));
        Assert.Equal(users, await portal.Query(db => db.Users.CountAsync()));
        // The existing account is untouched: its owner still signs in with the demo password.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/v1/auth/login", new { email = Who.Org1, password = PortalHost.Password })).StatusCode);
    }

    [Fact]
    public async Task A_community_group_with_a_code_is_refused_on_uscc_and_registers_nothing()
    {
        var registration = Registration(Uscc.Compose("52", "230100", Body()), kind: "CommunityGroup");
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, "validation.failed", "uscc");
        Assert.False(await Exists(registration));
    }

    [Fact]
    public async Task A_community_group_without_a_code_registers()
    {
        var registration = Registration(null, kind: "CommunityGroup");
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal((OrganizationKind.CommunityGroup, (string?)null, OrganizationStatus.Pending),
            await portal.Query(db => db.Organizations.Where(o => o.Id == id).Select(o => new ValueTuple<OrganizationKind, string?, OrganizationStatus>(o.Kind, o.Uscc, o.Status)).SingleAsync()));
    }

    [Fact]
    public async Task A_code_already_registered_is_refused_and_creates_no_account()
    {
        var taken = await portal.Query(db => db.Organizations.Where(o => o.Uscc != null).Select(o => o.Uscc!).FirstAsync());
        var registration = Registration(taken);
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        await response.AssertProblem(HttpStatusCode.Conflict, "organization.uscc_taken", "uscc");
        Assert.False(await Exists(registration));
    }

    [Fact]
    public async Task The_same_registration_sent_twice_at_once_registers_one_organization_with_one_account()
    {
        // A client retrying after a timeout while its first attempt is still being carried out.
        var registration = Registration(null, "CommunityGroup");
        registration.Remove("uscc");
        using var first = life.Anonymous();
        using var second = life.Anonymous();

        var responses = await Task.WhenAll(
            first.PostAsync("/api/v1/organizations", Json.Body(registration)), second.PostAsync("/api/v1/organizations", Json.Body(registration)));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
            await refused.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "accountEmail");
        var name = registration["name"]!.GetValue<string>();
        var email = registration["accountEmail"]!.GetValue<string>();
        Assert.Equal(1, await portal.Query(db => db.Organizations.CountAsync(o => o.Name == name)));
        Assert.Equal(1, await portal.Query(db => db.Users.CountAsync(u => u.Email == email)));
        var ids = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Created)
            .Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Equal(await portal.Query(db => db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync()), Assert.Single(ids.Distinct()));
    }

    [Fact]
    public async Task A_retry_after_the_registration_went_through_is_refused_on_account_email_and_adds_nothing()
    {
        var registration = Registration(Uscc.Compose("52", "230100", Body()));
        using var anonymous = life.Anonymous();
        Assert.Equal(HttpStatusCode.Created, (await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration))).StatusCode);

        await (await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration)))
            .AssertProblem(HttpStatusCode.UnprocessableEntity, null, "accountEmail");

        var name = registration["name"]!.GetValue<string>();
        Assert.Equal(1, await portal.Query(db => db.Organizations.CountAsync(o => o.Name == name)));
    }

    [Fact]
    public async Task A_password_the_identity_rules_refuse_leaves_no_organization_behind()
    {
        // Long enough for the endpoint's own check, but without digits, capitals or symbols.
        var registration = Registration(Uscc.Compose("52", "230100", Body()));
        registration["accountPassword"] = "onlylowercaseletters";
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Body(registration));
        await response.AssertProblem(HttpStatusCode.UnprocessableEntity, null, "accountPassword");
        Assert.False(await Exists(registration));
    }

    public static TheoryData<string, string> Unreadable => new()
    {
        { "truncated JSON", "{\"name\": " },
        { "an unknown kind", "{\"kind\": \"Company\"}" },
        { "social workers as text", "{\"certifiedSocialWorkers\": \"three\"}" },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public async Task A_registration_that_cannot_be_read_is_a_400_problem(string what, string body)
    {
        var organizations = await portal.Query(db => db.Organizations.CountAsync());
        using var anonymous = life.Anonymous();
        var response = await anonymous.PostAsync("/api/v1/organizations", Json.Raw(body));
        await response.AssertProblem(HttpStatusCode.BadRequest);
        Assert.True(organizations == await portal.Query(db => db.Organizations.CountAsync()), what);
    }

    [Fact]
    public async Task Missing_fields_are_each_named_and_register_nothing()
    {
        using var anonymous = life.Anonymous();
        var withoutAccount = Registration(Uscc.Compose("52", "230100", Body()));
        withoutAccount.Remove("accountEmail");
        withoutAccount.Remove("accountPassword");
        var organizations = await portal.Query(db => db.Organizations.CountAsync());
        await (await anonymous.PostAsync("/api/v1/organizations", Json.Body(withoutAccount))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "accountEmail", "accountPassword");

        var withoutName = Registration(Uscc.Compose("52", "230100", Body()));
        withoutName.Remove("name");
        withoutName.Remove("regionCode");
        await (await anonymous.PostAsync("/api/v1/organizations", Json.Body(withoutName))).AssertProblem(HttpStatusCode.UnprocessableEntity, null, "name", "regionCode");

        var email = withoutName["accountEmail"]!.GetValue<string>();
        Assert.False(await portal.Query(db => db.Users.AnyAsync(u => u.Email == email)));
        Assert.Equal(organizations, await portal.Query(db => db.Organizations.CountAsync()));
    }
}
