namespace Procurement.Contracts.Domain;

/// <summary>China Standard Time (UTC+8, no daylight saving). Stored times are UTC; people see them in CST.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(this DateTimeOffset utc) => utc.ToOffset(Offset);

    /// <summary>Formats as <c>2026-11-22 15:30</c> in China time.</summary>
    public static string ToChinaString(this DateTimeOffset utc, string format = "yyyy-MM-dd HH:mm") => utc.ToOffset(Offset).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The first instant of the calendar quarter (China time) that contains <paramref name="utc"/>.</summary>
    public static DateTimeOffset QuarterStart(DateTimeOffset utc)
    {
        var local = utc.ToOffset(Offset);
        var month = (local.Month - 1) / 3 * 3 + 1;
        return new DateTimeOffset(local.Year, month, 1, 0, 0, 0, Offset).ToUniversalTime();
    }
}
