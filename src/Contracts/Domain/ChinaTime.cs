namespace Procurement.Contracts.Domain;

/// <summary>China Standard Time (UTC+8, no daylight saving). Stored times are UTC; people see them in CST.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>
    /// The calendar every date a person enters must fall in (China time): far enough back for historic records, near
    /// enough ahead that a mistyped year (1900, 9999, 0001) is caught as a field error instead of stored or overflowing.
    /// </summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);
    public static readonly DateOnly LastDate = new(2099, 12, 31);

    public static bool InCalendar(DateOnly date) => date >= FirstDate && date <= LastDate;

    /// <summary>Whether a wall-clock time read as China time lies in the calendar (before any conversion can overflow).</summary>
    public static bool InCalendar(DateTime chinaLocal) => InCalendar(DateOnly.FromDateTime(chinaLocal));

    public static bool InCalendar(DateTimeOffset instant) =>
        instant >= new DateTimeOffset(FirstDate.ToDateTime(TimeOnly.MinValue), Offset)
        && instant < new DateTimeOffset(LastDate.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset);

    public static DateTimeOffset ToChina(this DateTimeOffset utc) => utc.ToOffset(Offset);

    /// <summary>The date in China at <paramref name="utc"/> (what "today" means for due dates and quarters).</summary>
    public static DateOnly ToChinaDate(this DateTimeOffset utc) => DateOnly.FromDateTime(utc.ToChina().Date);

    /// <summary>Formats as <c>2026-11-22 15:30</c> in China time.</summary>
    public static string ToChinaString(this DateTimeOffset utc, string format = "yyyy-MM-dd HH:mm") => utc.ToOffset(Offset).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The end of a period as people write it: a boundary at midnight China time is the last day's 24:00 (公示期至
    /// 2026-12-09 24:00, not the ambiguous 2026-12-10 00:00); any other instant as <see cref="ToChinaString"/>.
    /// </summary>
    public static string ToChinaEndString(this DateTimeOffset end)
    {
        var local = end.ToChina();
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " 24:00"
            : end.ToChinaString();
    }

    /// <summary>
    /// A review quarter ("2026Q3") as the Chinese text the Silo stores in notices and activity lines: 2026年第三季度. Pages
    /// show quarters in the reader's language from their resources; stored lines are written once, in Chinese.
    /// </summary>
    public static string QuarterName(string quarter) =>
        QuarterNumber(quarter) is { } q ? $"{quarter[..4]}年第{"一二三四"[q - 1]}季度" : quarter;

    /// <summary>The number (1–4) of a review quarter key such as "2026Q3"; null for anything else.</summary>
    public static int? QuarterNumber(string quarter) => quarter is [_, _, _, _, 'Q', >= '1' and <= '4' and var q] ? q - '0' : null;

    /// <summary>The first and last day of a review quarter key such as "2026Q3"; null for anything else.</summary>
    public static (DateOnly From, DateOnly To)? QuarterDays(string quarter)
    {
        if (QuarterNumber(quarter) is not { } q || !int.TryParse(quarter[..4], out var year)) return null;
        var from = new DateOnly(year, (q - 1) * 3 + 1, 1);
        return (from, from.AddMonths(3).AddDays(-1));
    }

    /// <summary>
    /// The calendar quarter (China time) before the one containing <paramref name="utc"/>: its label ("2026Q3", the key
    /// reviews are stored under), start and end (UTC).
    /// </summary>
    public static (string Label, DateTimeOffset Start, DateTimeOffset End) PreviousQuarter(DateTimeOffset utc)
    {
        var end = QuarterStart(utc);
        var start = QuarterStart(end.AddTicks(-1));
        return (QuarterOf(start), start, end);
    }

    /// <summary>The key ("2026Q4") of the calendar quarter (China time) that contains <paramref name="utc"/>.</summary>
    public static string QuarterOf(DateTimeOffset utc)
    {
        var local = utc.ToChina();
        return $"{local.Year}Q{(local.Month - 1) / 3 + 1}";
    }

    /// <summary>The first instant of the calendar quarter (China time) that contains <paramref name="utc"/>.</summary>
    public static DateTimeOffset QuarterStart(DateTimeOffset utc)
    {
        var local = utc.ToOffset(Offset);
        var month = (local.Month - 1) / 3 * 3 + 1;
        return new DateTimeOffset(local.Year, month, 1, 0, 0, 0, Offset).ToUniversalTime();
    }

    /// <summary>
    /// The end of a period of <paramref name="workingDays"/> working days that starts the day after <paramref name="from"/>
    /// (China time): the first instant after the last of them. Saturdays and Sundays are rest days, as are
    /// <paramref name="holidays"/>; <paramref name="workdays"/> are the weekend days worked instead (调休), both from the
    /// State Council's yearly notice. Zero days end at <paramref name="from"/> itself.
    /// </summary>
    public static DateTimeOffset AfterWorkingDays(DateTimeOffset from, int workingDays, IReadOnlySet<DateOnly> holidays, IReadOnlySet<DateOnly> workdays)
    {
        if (workingDays <= 0) return from;
        var day = from.ToChinaDate();
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            if (workdays.Contains(day) || (!weekend && !holidays.Contains(day))) counted++;
        }
        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
    }
}
