using System.Globalization;

namespace Procurement.Contracts.Domain;

/// <summary>An amount of Chinese yuan stored as whole fen (1 yuan = 100 fen), never as a floating number.</summary>
public readonly record struct Money(long Fen) : IComparable<Money>
{
    public const long FenPerYuan = 100;

    /// <summary>The largest amount accepted anywhere: 100 billion yuan keeps every sum far from overflow.</summary>
    public static readonly Money Max = new(100_000_000_000L * FenPerYuan);

    public static Money FromYuan(decimal yuan) => new(checked((long)decimal.Round(yuan * FenPerYuan, 0, MidpointRounding.AwayFromZero)));

    public decimal Yuan => Fen / (decimal)FenPerYuan;

    /// <summary>Yuan with two decimals and group separators, e.g. <c>¥2,310,000.00</c>.</summary>
    public override string ToString() => "¥" + Yuan.ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>In ten-thousands of yuan (万元), as Chinese budgets are usually quoted, e.g. <c>231.00万元</c>.</summary>
    public string ToWanYuan() => (Yuan / 10_000m).ToString("#,##0.00", CultureInfo.InvariantCulture) + "万元";

    /// <summary>
    /// The amount in Chinese financial capitals (大写金额), as contracts and payment orders write it, e.g. ¥180,000.00 →
    /// <c>壹拾捌万元整</c>, ¥1,000,000.05 → <c>壹佰万元零伍分</c>.
    /// </summary>
    public string ToChineseCapitals()
    {
        var fen = Math.Abs(Fen);
        var (yuan, jiao, cents) = (fen / FenPerYuan, (int)(fen / 10 % 10), (int)(fen % 10));
        if (fen == 0) return "零元整";
        var text = new System.Text.StringBuilder(Fen < 0 ? "负" : "");
        if (yuan > 0) text.Append(CapitalInteger(yuan)).Append('元');
        if (jiao > 0) text.Append(CapitalDigits[jiao]).Append('角');
        if (cents > 0) text.Append(jiao == 0 && yuan > 0 ? "零" : "").Append(CapitalDigits[cents]).Append('分');
        else text.Append('整');
        return text.ToString();
    }

    private const string CapitalDigits = "零壹贰叁肆伍陆柒捌玖";
    private static readonly string[] PlaceUnits = ["", "拾", "佰", "仟"];
    private static readonly string[] GroupUnits = ["", "万", "亿", "万亿"];

    /// <summary>A positive whole number in capitals: groups of four digits (万, 亿), one 零 for each run of zeros inside.</summary>
    private static string CapitalInteger(long n)
    {
        var groups = new List<int>();
        for (; n > 0; n /= 10_000) groups.Add((int)(n % 10_000));
        var text = new System.Text.StringBuilder();
        var zeroBefore = false;
        for (var g = groups.Count - 1; g >= 0; g--)
        {
            var value = groups[g];
            if (value == 0)
            {
                zeroBefore = text.Length > 0;
                continue;
            }
            if (text.Length > 0 && (zeroBefore || value < 1000)) text.Append('零');
            zeroBefore = false;
            var zero = false;
            for (int place = 3, unit = 1000; place >= 0; place--, unit /= 10)
            {
                var digit = value / unit % 10;
                if (digit == 0)
                {
                    zero = text.Length > 0 && value % unit != value; // a zero after a digit of this group
                    continue;
                }
                if (zero) text.Append('零');
                zero = false;
                text.Append(CapitalDigits[digit]).Append(PlaceUnits[place]);
            }
            text.Append(GroupUnits[g]);
        }
        return text.ToString();
    }

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);
    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));
    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));
    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;
    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;
    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;
    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;
}
