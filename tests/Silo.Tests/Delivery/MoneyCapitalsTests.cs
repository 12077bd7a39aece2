using Procurement.Contracts.Domain;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>Amounts in Chinese financial capitals (大写金额), as the printed contract summary writes them.</summary>
public sealed class MoneyCapitalsTests
{
    [Theory]
    [InlineData(180_000_00, "壹拾捌万元整")]
    [InlineData(116_400_00, "壹拾壹万陆仟肆佰元整")]
    [InlineData(1_000_000_05, "壹佰万元零伍分")]
    [InlineData(100_100_00, "壹拾万零壹佰元整")]
    [InlineData(1_0000_0100_00, "壹亿零壹佰元整")]
    [InlineData(1_0010_0000_00, "壹亿零壹拾万元整")]
    [InlineData(1_001_50, "壹仟零壹元伍角整")]
    [InlineData(2_310_000_12, "贰佰叁拾壹万元壹角贰分")]
    [InlineData(50, "伍角整")]
    [InlineData(0, "零元整")]
    [InlineData(10_000_000_000_000, "壹仟亿元整")]
    public void An_amount_reads_in_capitals_with_one_zero_for_each_gap(long fen, string capitals) =>
        Assert.Equal(capitals, new Money(fen).ToChineseCapitals());
}
