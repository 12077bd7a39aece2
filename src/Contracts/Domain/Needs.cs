using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Procurement.Contracts.Domain;

/// <summary>The choices and limits of a worker's need (职工需求), shared by its grain, its table, its form and the sign-up form.</summary>
public static class NeedCatalog
{
    public const int TitleLength = 60;
    public const int TextLength = 1000;
    public const int ForWhomLength = 100;
    public const int CommentLength = 200;
    public const int AnswerLength = 500;
    public const int MaxPeople = 100_000;

    /// <summary>The kinds of service a need asks for: those the unions' projects buy.</summary>
    public static readonly IReadOnlyList<string> Categories =
        ["健康服务", "心理援助", "法律援助", "课后服务", "托管服务", "女职工关爱", "情感关爱", "就业培训", "暖心驿站", "其他"];

    /// <summary>The groups workers say they belong to, and a need says it is for.</summary>
    public static readonly IReadOnlyList<string> Groups =
        ["新就业形态劳动者", "农民工", "女职工", "产业工人", "困难职工", "职工子女", "退休职工"];

    /// <summary>Whether the public sees it: accepted, and whatever the union answered since.</summary>
    public static bool IsPublic(NeedStatus s) => s is NeedStatus.Accepted or NeedStatus.Planned or NeedStatus.InProgress or NeedStatus.NotFeasible;
}

/// <summary>The limits of a beneficiary's answer (服务评价).</summary>
public static class FeedbackLimits
{
    public const int ImproveLength = 300;
}

/// <summary>
/// What a person typed, made safe to keep and show: markup removed, control and invisible characters dropped, full-width
/// digits and odd spaces made plain, phone and ID numbers masked (a need, a comment or a beneficiary's answer must never
/// carry anyone's identity). The one place this is done.
/// </summary>
public static partial class PublicText
{
    /// <summary>
    /// How much longer than its limit a text may arrive (markup and spaces that cleaning removes); anything longer is
    /// refused before it is cleaned, so the work done on a request stays proportional to what may be kept.
    /// </summary>
    public const int RawFactor = 4;

    /// <summary>Cleans and masks; null stays null.</summary>
    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\n') plain.Append(c);
            else if (c is >= '\uFF10' and <= '\uFF19') plain.Append((char)('0' + (c - '\uFF10'))); // full-width digits
            else if (c is '\uFF0B' or '\uFF0D') plain.Append(c == '\uFF0B' ? '+' : '-');
            else if (c is '\r' || char.IsControl(c) && !char.IsWhiteSpace(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format) continue;
            else if (char.IsWhiteSpace(c)) plain.Append(' '); // tabs, U+3000, no-break spaces: a number split by them is still a number
            else plain.Append(c);
        }
        return Mask(Tags().Replace(plain.ToString(), "").Trim());
    }

    /// <summary>
    /// Masks resident ID numbers (18 or 15 digits: first 4 and last 2 kept), mobile numbers (11 digits from 1[3-9]: first 3
    /// and last 4 kept), and landlines with an area code, in brackets or not (the last 4 kept); digits may be split by
    /// spaces or dashes.
    /// </summary>
    public static string Mask(string text)
    {
        text = DigitRun().Replace(text, m => Digits(m.Value) is var d && IsResidentId(d) ? Keep(d, 4, 2) : m.Value);
        text = Mobile().Replace(text, m => Keep(Digits(m.Value)[^11..], 3, 4));
        return Landline().Replace(text, m => Keep(Digits(m.Value), 0, 4));
    }

    /// <summary>18 digits (the last may be X) with a birth date of 19xx or 20xx, or the old 15-digit form.</summary>
    private static bool IsResidentId(string d) =>
        d.Length == 15 && d[0] != '0' && d.All(char.IsAsciiDigit)
        || d.Length == 18 && d[0] != '0' && d[..17].All(char.IsAsciiDigit) && d[^1] is (>= '0' and <= '9') or 'x' or 'X'
            && d[6..8] is "19" or "20" && int.Parse(d[10..12]) is >= 1 and <= 12;

    private static string Digits(string match) => new([.. match.Where(c => char.IsAsciiDigit(c) || c is 'x' or 'X')]);

    private static string Keep(string digits, int head, int tail) => digits[..head] + new string('*', digits.Length - head - tail) + digits[^tail..];

    // [^<>]: a tag never spans another '<', which keeps the scan linear on text of many unclosed brackets.
    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex Tags();

    /// <summary>A run of 15 to 18 digits (an X last), single spaces or dashes between them: a resident ID if its digits say so.</summary>
    [GeneratedRegex(@"(?<![0-9])[0-9](?:[ -]?[0-9]){13,16}(?:[ -]?[0-9Xx])(?![0-9])")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9])[(（]?0[1-9][0-9]{1,2}[)）]?[ -]?[2-9][0-9]{2,3}[ -]?[0-9]{4}(?![0-9])")]
    private static partial Regex Landline();
}
