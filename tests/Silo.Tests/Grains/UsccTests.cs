using Procurement.Contracts.Domain;

namespace Procurement.Silo.Tests.Grains;

public sealed class UsccTests
{
    private static readonly string Valid = Uscc.Compose("52", "230100", "MJY12345");

    [Fact]
    public void A_composed_code_is_valid()
    {
        Assert.Equal(18, Valid.Length);
        Assert.StartsWith("52230100MJY12345", Valid);
        Assert.Null(Uscc.Check(Valid));
        Assert.True(Uscc.IsValid(Valid));
    }

    /// <summary>
    /// Codes published by their holders or in GB 32100's own example, not made by <see cref="Uscc.Compose"/>: most carry
    /// letters from J onward in the organization code ("MA…", issued since 2015), where a check that values letters by
    /// their USCC-alphabet index instead of A = 10 … Z = 35 goes wrong.
    /// </summary>
    [Theory]
    [InlineData("91512081MA62K0260E")]
    [InlineData("91350100M000100Y43")]
    [InlineData("91440300MA5DC6QF8T")]
    [InlineData("9144030071526726XG")]
    [InlineData("91330100716105852F")]
    [InlineData("914403001922038216")]
    [InlineData("91110108551385082Q")]
    public void A_published_code_is_valid(string code) => Assert.Null(Uscc.Check(code));

    [Theory]
    [InlineData("MA62K026", '0')]
    [InlineData("M000100Y", '4')]
    [InlineData("71526726", 'X')]
    [InlineData("19220382", '1')]
    public void The_organization_check_values_letters_from_a_equals_ten(string body, char check) =>
        Assert.Equal(check, Uscc.OrganizationCheck(body));

    [Fact]
    public void A_code_whose_organization_check_only_the_alphabet_index_rule_would_give_is_refused()
    {
        // Under the old mistake MA62K026 checked to 8 (M = 21, K = 19); the real check is 0.
        var wrong = "91512081MA62K0268";
        Assert.Equal("uscc.organization_check", Uscc.Check(wrong + Uscc.CodeCheck(wrong)));
    }

    public static TheoryData<int> Positions() => [.. Enumerable.Range(0, 18)];

    [Theory]
    [MemberData(nameof(Positions))]
    public void Changing_any_one_character_makes_the_code_invalid(int position)
    {
        foreach (var replacement in Uscc.Alphabet.Where(c => c != Valid[position]))
        {
            var changed = Valid[..position] + replacement + Valid[(position + 1)..];
            Assert.False(Uscc.IsValid(changed), $"{changed} passed with position {position} changed to {replacement}");
        }
    }

    [Theory]
    [InlineData("", "uscc.required")]
    [InlineData("52230100MJY12345", "uscc.length")]
    [InlineData("52230100MJY12345II", "uscc.characters")]
    public void Names_the_rule_a_malformed_code_breaks(string code, string expected) => Assert.Equal(expected, Uscc.Check(code));

    [Fact]
    public void Lowercase_is_not_accepted() => Assert.Equal("uscc.characters", Uscc.Check(Valid.ToLowerInvariant()));

    [Fact]
    public void A_code_from_an_authority_that_does_not_register_providers_is_refused()
    {
        var company = Uscc.Compose("82", "230100", "MJY12345");
        Assert.Equal("uscc.authority", Uscc.Check(company));
    }

    [Fact]
    public void A_code_with_letters_in_the_region_is_refused()
    {
        var code = Uscc.Compose("52", "2301A0", "MJY12345");
        Assert.Equal("uscc.region", Uscc.Check(code));
    }

    [Fact]
    public void Both_check_characters_are_verified()
    {
        var wrongOrganizationCheck = Valid[..16] + Other(Valid[16]);
        wrongOrganizationCheck += Uscc.CodeCheck(wrongOrganizationCheck); // the final check alone would pass
        Assert.Equal("uscc.organization_check", Uscc.Check(wrongOrganizationCheck));
        Assert.Equal("uscc.check", Uscc.Check(Valid[..17] + Other(Valid[17])));
    }

    private static char Other(char c) => Uscc.Alphabet[(Uscc.Alphabet.IndexOf(c) + 1) % Uscc.Alphabet.Length];
}
