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
/// What a person typed, made safe to keep and show: markup removed, control characters dropped, phone and ID numbers
/// masked (a need, a comment or a beneficiary's answer must never carry anyone's identity). The one place this is done.
/// </summary>
public static partial class PublicText
{
    /// <summary>Cleans and masks; null stays null.</summary>
    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var plain = Tags().Replace(text, "");
        plain = new string([.. plain.Where(c => !char.IsControl(c) || c is '\n')]).Replace("\r", "");
        return Mask(plain.Trim());
    }

    /// <summary>
    /// Masks resident ID numbers (18 or 15 digits: first 4 and last 2 kept), mobile numbers (11 digits from 1[3-9]: first 3
    /// and last 4 kept), and landlines with an area code (the last 4 kept); digits may be split by spaces or dashes.
    /// </summary>
    public static string Mask(string text)
    {
        text = ResidentId().Replace(text, m => Keep(Digits(m.Value), 4, 2));
        text = Mobile().Replace(text, m => Keep(Digits(m.Value)[^11..], 3, 4));
        return Landline().Replace(text, m => Keep(Digits(m.Value), 0, 4));
    }

    private static string Digits(string match) => new([.. match.Where(c => char.IsAsciiDigit(c) || c is 'x' or 'X')]);

    private static string Keep(string digits, int head, int tail) => digits[..head] + new string('*', digits.Length - head - tail) + digits[^tail..];

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"(?<![0-9])(?:[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{2}[0-9]{3}[0-9Xx]|[1-9][0-9]{14})(?![0-9])")]
    private static partial Regex ResidentId();

    [GeneratedRegex(@"(?<![0-9])(?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]){8}(?![0-9])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9])0[1-9][0-9]{1,2}[ -]?[2-9][0-9]{2,3}[ -]?[0-9]{4}(?![0-9])")]
    private static partial Regex Landline();
}
