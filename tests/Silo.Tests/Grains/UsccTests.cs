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
