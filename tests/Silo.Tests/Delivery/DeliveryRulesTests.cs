using Procurement.Contracts.Domain;
using Procurement.Silo.Grains.Contracts;

namespace Procurement.Silo.Tests.Delivery;

/// <summary>Milestone payments, review totals, grades and quarters: the pure rules the contract grain and the jobs apply.</summary>
public sealed class DeliveryRulesTests
{
    [Theory]
    [InlineData(100_000_001L, new[] { 33, 33, 34 })]
    [InlineData(100_000_001L, new[] { 34, 33, 33 })]
    [InlineData(99L, new[] { 33, 33, 34 })]
    [InlineData(1L, new[] { 50, 50 })]
    [InlineData(900_000_01L, new[] { 10, 15, 25, 17, 33 })]
    [InlineData(10_000_000_000_000L, new[] { 33, 67 })]
    public void Milestone_payments_add_up_to_exactly_the_contract_amount_whatever_the_rounding(long amountFen, int[] shares)
    {
        var milestones = shares.Select((s, i) => (Sequence: i + 1, SharePercent: s)).ToList();

        var paid = milestones.Select(m => ContractRules.MilestoneAmount(amountFen, milestones, m.Sequence)).ToList();

        Assert.Equal(amountFen, paid.Sum());
        Assert.All(paid, p => Assert.True(p >= 0));
        // Every milestone but the last is paid its share rounded down; the last takes what rounding left.
        for (var i = 0; i < shares.Length - 1; i++) Assert.Equal(amountFen * shares[i] / 100, paid[i]);
    }

    [Fact]
    public void The_last_milestone_takes_the_fen_the_shares_rounded_away()
    {
        (int, int)[] milestones = [(1, 33), (2, 33), (3, 34)];

        Assert.Equal(33_000_000, ContractRules.MilestoneAmount(100_000_001, milestones, 1));
        Assert.Equal(33_000_000, ContractRules.MilestoneAmount(100_000_001, milestones, 2));
        Assert.Equal(34_000_001, ContractRules.MilestoneAmount(100_000_001, milestones, 3));
    }

    [Theory]
    [InlineData(10000, ReviewGrade.Excellent)]
    [InlineData(9000, ReviewGrade.Excellent)]
    [InlineData(8999, ReviewGrade.Good)]
    [InlineData(8000, ReviewGrade.Good)]
    [InlineData(7999, ReviewGrade.Pass)]
    [InlineData(6000, ReviewGrade.Pass)]
    [InlineData(5999, ReviewGrade.Fail)]
    [InlineData(0, ReviewGrade.Fail)]
    public void Grades_follow_the_90_80_60_bands_in_centipoints(int centipoints, ReviewGrade grade) =>
        Assert.Equal(grade, ReviewRules.Grade(centipoints));

    [Fact]
    public void The_last_second_of_december_in_china_time_is_still_the_fourth_quarter_so_its_previous_quarter_is_q3()
    {
        // 15:59:59 UTC on 31 December is 23:59:59 CST.
        var (label, start, end) = ChinaTime.PreviousQuarter(new DateTimeOffset(2026, 12, 31, 15, 59, 59, TimeSpan.Zero));

        Assert.Equal("2026Q3", label);
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 0, 0, 0, ChinaTime.Offset), start);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, ChinaTime.Offset), end);
    }

    [Fact]
    public void Midnight_of_new_year_in_china_time_is_already_the_next_quarter_so_its_previous_quarter_is_q4()
    {
        // 16:00 UTC on 31 December is 00:00 CST on 1 January, although it is still the old year in UTC.
        var (label, start, end) = ChinaTime.PreviousQuarter(new DateTimeOffset(2026, 12, 31, 16, 0, 0, TimeSpan.Zero));

        Assert.Equal("2026Q4", label);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 0, 0, 0, ChinaTime.Offset), start);
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, ChinaTime.Offset), end);
        Assert.Equal(TimeSpan.Zero, end.Offset); // stored times are UTC
    }

    [Theory]
    [InlineData("2027-04-01T00:00:00+08:00", "2027Q1")]
    [InlineData("2027-03-31T23:59:59+08:00", "2026Q4")]
    [InlineData("2026-07-01T00:05:00+08:00", "2026Q2")]
    [InlineData("2026-10-01T00:05:00+08:00", "2026Q3")]
    public void The_previous_quarter_is_counted_in_china_time(string at, string quarter) =>
        Assert.Equal(quarter, ChinaTime.PreviousQuarter(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime()).Label);

    [Fact]
    public void A_review_total_weighs_the_five_scores_30_30_20_10_10_by_default()
    {
        Assert.Equal([30, 30, 20, 10, 10], ReviewRules.DefaultWeights);

        Assert.Equal(30 * 90 + 30 * 80 + 20 * 70 + 10 * 60 + 10 * 50, ReviewRules.Total(ReviewRules.DefaultWeights, [90, 80, 70, 60, 50]));
        Assert.Equal(7600, ReviewRules.Total(ReviewRules.DefaultWeights, [90, 80, 70, 60, 50]));
        // Service quality and KPI achievement weigh three times documentation.
        Assert.Equal(3000, ReviewRules.Total(ReviewRules.DefaultWeights, [100, 0, 0, 0, 0]));
        Assert.Equal(1000, ReviewRules.Total(ReviewRules.DefaultWeights, [0, 0, 0, 0, 100]));
        Assert.Equal(10000, ReviewRules.Total(ReviewRules.DefaultWeights, [100, 100, 100, 100, 100]));
    }
}
