using System.Text.RegularExpressions;

namespace Procurement.Contracts.Domain;

/// <summary>The shapes of contact data people type in China: telephone numbers and administrative region codes.</summary>
public static partial class Contact
{
    /// <summary>
    /// A mobile number (11 digits from 13–19, with or without +86), a landline with its area code (0451-12345678, an
    /// extension after a hyphen allowed) or a 400/800 service number. Spaces and hyphens between the groups are allowed.
    /// </summary>
    public static bool IsPhone(string? phone) =>
        phone is { Length: <= 30 } && Phone().IsMatch(phone.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>A mobile number as an account's sign-in name: its 11 digits (spaces, hyphens and +86 dropped), or null when it is none.</summary>
    public static string? MobileNumber(string? phone)
    {
        if (phone is null) return null;
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        if (digits.Length == 13 && digits.StartsWith("86", StringComparison.Ordinal)) digits = digits[2..];
        return IsPhone(phone) && digits.Length == 11 && digits[0] == '1' ? digits : null;
    }

    /// <summary>The account name a person typed at sign-in: a mobile number as its 11 digits, anything else (an e-mail address) trimmed.</summary>
    public static string SignInName(string typed) => MobileNumber(typed) ?? typed.Trim();

    /// <summary>Province-level prefixes of GB/T 2260 (the first two digits of every region code).</summary>
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    /// <summary>A six-digit GB/T 2260 region code whose first two digits name a province (230102 = 哈尔滨市道里区).</summary>
    public static bool IsRegionCode(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit) && Provinces.Contains(code[..2]);

    /// <summary>
    /// The digits of a region code that name the region itself: 23 for a province (230000), 2301 for a city (230100), all
    /// six for a county or district; empty for no code (a national body).
    /// </summary>
    public static string RegionPrefix(string? code) =>
        string.IsNullOrEmpty(code) ? "" : code.EndsWith("0000", StringComparison.Ordinal) ? code[..2] : code.EndsWith("00", StringComparison.Ordinal) ? code[..4] : code;

    /// <summary>Whether a union of region <paramref name="unionRegion"/> covers <paramref name="region"/> (its own or one below it).</summary>
    public static bool RegionCovers(string? unionRegion, string region) => region.StartsWith(RegionPrefix(unionRegion), StringComparison.Ordinal);

    [GeneratedRegex(@"^(?:(?:\+?86-?)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|[48]00-?\d{3}-?\d{4})$")]
    private static partial Regex Phone();
}
