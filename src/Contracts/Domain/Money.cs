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

    public int CompareTo(Money other) => Fen.CompareTo(other.Fen);
    public static Money operator +(Money a, Money b) => new(checked(a.Fen + b.Fen));
    public static Money operator -(Money a, Money b) => new(checked(a.Fen - b.Fen));
    public static bool operator <(Money a, Money b) => a.Fen < b.Fen;
    public static bool operator >(Money a, Money b) => a.Fen > b.Fen;
    public static bool operator <=(Money a, Money b) => a.Fen <= b.Fen;
    public static bool operator >=(Money a, Money b) => a.Fen >= b.Fen;
}
