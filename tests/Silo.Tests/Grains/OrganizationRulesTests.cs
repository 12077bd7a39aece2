using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Organizations;

namespace Procurement.Silo.Tests.Grains;

public sealed class OrganizationRulesTests
{
    private static readonly string ValidUscc = Uscc.Compose("52", "230100", "MJY12345");

    private static readonly OrganizationRegistration Registered = new(
        "哈尔滨市道里区阳光社会工作服务中心", OrganizationKind.Registered, ValidUscc, "230102", "专注职工心理服务。",
        ["心理健康"], ["道里区"], 6, 40, "王敏", "0451-12345678");

    [Fact]
    public void Accepts_a_registered_organization_with_a_valid_code() => OrganizationRules.CheckRegistration(Registered);

    [Fact]
    public void Accepts_a_community_group_without_a_code() =>
        OrganizationRules.CheckRegistration(Registered with { Kind = OrganizationKind.CommunityGroup, Uscc = null });

    [Theory]
    [InlineData(null, "uscc.required")]
    [InlineData("52230100MJY12345", "uscc.length")]
    public void Refuses_a_registered_organization_without_a_valid_code(string? uscc, string code)
    {
        var refused = Assert.Throws<RuleViolation>(() => OrganizationRules.CheckRegistration(Registered with { Uscc = uscc }));
        Assert.Equal([code], refused.Errors["uscc"]);
    }

    [Fact]
    public void Refuses_a_code_with_one_character_changed()
    {
        var changed = ValidUscc[..10] + Other(ValidUscc[10]) + ValidUscc[11..];
        var refused = Assert.Throws<RuleViolation>(() => OrganizationRules.CheckRegistration(Registered with { Uscc = changed }));
        Assert.Single(refused.Errors["uscc"]);
    }

    [Fact]
    public void Refuses_a_code_for_a_community_group()
    {
        var refused = Assert.Throws<RuleViolation>(() => OrganizationRules.CheckRegistration(Registered with { Kind = OrganizationKind.CommunityGroup }));
        Assert.Equal(["uscc.not_for_community_group"], refused.Errors["uscc"]);
    }

    [Theory]
    [InlineData("23010")]
    [InlineData("23010A")]
    public void Refuses_a_region_code_that_is_not_six_digits(string region)
    {
        var refused = Assert.Throws<RuleViolation>(() => OrganizationRules.CheckRegistration(Registered with { RegionCode = region }));
        Assert.Equal(["region.invalid"], refused.Errors["regionCode"]);
    }

    [Fact]
    public void Reports_every_broken_field_at_once()
    {
        var refused = Assert.Throws<RuleViolation>(() => OrganizationRules.CheckRegistration(Registered with { Name = " ", RegionCode = "", Volunteers = -1 }));
        Assert.Equal(["name", "regionCode", "volunteers"], refused.Errors.Keys.Order());
    }

    private static char Other(char c) => Uscc.Alphabet[(Uscc.Alphabet.IndexOf(c) + 1) % Uscc.Alphabet.Length];
}
