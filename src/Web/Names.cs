using System.Globalization;

namespace Procurement.Web;

/// <summary>
/// A name in the reader's language: the one rule for it. Unions keep a Chinese and an English name (<see cref="Pick"/>); a
/// person's display name may carry both as "中文 English" — the demo accounts do, e.g. "平台管理员 Platform admin" — and
/// <see cref="Of"/> shows the part for the current UI culture. A name in one language only is shown as it is.
/// </summary>
public static class Names
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string Pick(string chinese, string? english) => English && !string.IsNullOrWhiteSpace(english) ? english : chinese;

    /// <summary>Splits at the first space after Chinese text that starts a Latin word, when no Chinese follows it.</summary>
    public static string Of(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "";
        for (var i = 1; i < name.Length - 1; i++)
        {
            if (name[i] != ' ' || !char.IsAsciiLetter(name[i + 1])) continue;
            if (!IsChinese(name.AsSpan(0, i)) || IsChinese(name.AsSpan(i))) return name;
            return Pick(name[..i].TrimEnd(), name[(i + 1)..].Trim());
        }
        return name;
    }

    private static bool IsChinese(ReadOnlySpan<char> text) => text.ContainsAnyInRange('\u4e00', '\u9fff');
}
