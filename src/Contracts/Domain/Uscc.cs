namespace Procurement.Contracts.Domain;

/// <summary>
/// The Unified Social Credit Code (统一社会信用代码, GB 32100-2015): 18 characters from digits and capitals
/// without I, O, Z, S, V. 1st = registering authority, 2nd = entity kind, 3rd–8th = region (GB/T 2260),
/// 9th–17th = organization code whose 17th character is a GB 11714 check, 18th = ISO 7064 MOD 31-3 check.
/// </summary>
public static class Uscc
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] CodeWeights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrgWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>Registering authorities a union may admit as providers: civil affairs, public institutions, market regulation.</summary>
    public static readonly IReadOnlySet<char> ProviderAuthorities = new HashSet<char> { '5', '1', '9' };

    /// <summary>Returns null when <paramref name="code"/> is valid, otherwise the code of the first rule it breaks.</summary>
    public static string? Check(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return "uscc.required";
        if (code.Length != 18) return "uscc.length";
        foreach (var c in code)
            if (Alphabet.IndexOf(c) < 0) return "uscc.characters";
        if (!ProviderAuthorities.Contains(code[0])) return "uscc.authority";
        if (!code.AsSpan(2, 6).ContainsOnlyDigits()) return "uscc.region";
        if (code[16] != OrganizationCheck(code.AsSpan(8, 8))) return "uscc.organization_check";
        if (code[17] != CodeCheck(code.AsSpan(0, 17))) return "uscc.check";
        return null;
    }

    public static bool IsValid(string? code) => Check(code) is null;

    /// <summary>
    /// The GB 11714 check character of an 8-character organization code body. GB 11714 values a digit as itself and a
    /// letter by its place in the Latin alphabet (A = 10 … Z = 35), not by its index in the USCC alphabet, which skips
    /// I and O and so differs from J onward.
    /// </summary>
    public static char OrganizationCheck(ReadOnlySpan<char> body)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++) sum += OrganizationValue(body[i]) * OrgWeights[i];
        var check = 11 - sum % 11;
        return check switch { 10 => 'X', 11 => '0', _ => (char)('0' + check) };
    }

    private static int OrganizationValue(char c) => char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;

    /// <summary>The ISO 7064 MOD 31-3 check character over the first 17 characters.</summary>
    public static char CodeCheck(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(first17[i]) * CodeWeights[i];
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>Builds a valid code from authority+kind (e.g. "52"), a 6-digit region and an 8-character body.</summary>
    public static string Compose(string authorityAndKind, string region, string body)
    {
        var first16 = authorityAndKind + region + body;
        var first17 = first16 + OrganizationCheck(body);
        return first17 + CodeCheck(first17);
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }
}
