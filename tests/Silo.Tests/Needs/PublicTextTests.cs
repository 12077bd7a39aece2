using Procurement.Contracts.Domain;

namespace Procurement.Silo.Tests.Needs;

/// <summary>Phone and ID numbers are masked wherever people's texts are shown; other numbers stay as written.</summary>
public sealed class PublicTextTests
{
    [Theory]
    [InlineData("电话13800138000", "电话138****8000")]
    [InlineData("电话 +86 138-0013-8000 找我", "电话 138****8000 找我")]
    [InlineData("身份证230102199001011234", "身份证2301************34")]
    [InlineData("身份证号23010219900101123x", "身份证号2301************3x")]
    [InlineData("老身份证230102900101123", "老身份证2301*********23")]
    [InlineData("座机0451-86201234", "座机********1234")]
    [InlineData("身份证 2301 0219 9001 0112 34", "身份证 2301************34")]
    [InlineData("身份证230102-19900101-123X号", "身份证2301************3X号")]
    [InlineData("电话(0451)86201234", "电话********1234")]
    [InlineData("电话（0451）8620-1234", "电话********1234")]
    [InlineData("电话13800138000 12345678901234567890", "电话138****8000 12345678901234567890")]
    [InlineData("订单号12345678901234567890不是证件", "订单号12345678901234567890不是证件")]
    [InlineData("2026年预计300人，预算12000元", "2026年预计300人，预算12000元")]
    public void Masks_phone_and_id_numbers_and_leaves_other_numbers(string typed, string shown) => Assert.Equal(shown, PublicText.Mask(typed));

    [Fact]
    public void Cleaning_drops_markup_and_control_characters_keeps_line_breaks_and_masks()
    {
        Assert.Equal("第一行\n第二行 139****9999", PublicText.Clean("<p>第一行</p>\r\n<b>第二行</b>\u0007 13999999999 "));
        Assert.Null(PublicText.Clean(null));
    }

    [Theory]
    [InlineData("电话１３８００１３８０００", "电话138****8000")] // full-width digits
    [InlineData("电话138\u30000013\u30008000", "电话138****8000")] // ideographic spaces
    [InlineData("电话138\u00A00013\u00A08000", "电话138****8000")] // no-break spaces
    [InlineData("电话138\u200B0013\u200D8000", "电话138****8000")] // zero-width characters
    [InlineData("身份证２３０１０２１９９００１０１１２３４", "身份证2301************34")]
    [InlineData("人数<5<b>人</b>\t以上", "人数<5人 以上")] // a lone '<' is text, not the start of a tag
    public void Cleaning_makes_disguised_numbers_plain_before_masking_them(string typed, string shown) => Assert.Equal(shown, PublicText.Clean(typed));

    [Fact]
    public void A_text_is_bounded_by_what_is_kept_and_one_far_over_its_limit_is_refused_without_being_cleaned()
    {
        var marked = new FieldChecks().Cleaned("<p>" + new string('需', 60) + "</p>", "title", 60, out var kept);
        Assert.False(marked.HasErrors);
        Assert.Equal(60, kept!.Length);

        var flood = new FieldChecks().Cleaned(new string('<', 60 * PublicText.RawFactor + 1), "title", 60, out var none);
        Assert.Null(none);
        Assert.Equal(["too_long"], Assert.Throws<RuleViolation>(() => flood.ThrowIfAny()).Errors["title"]);
        Assert.Equal(["required"], Assert.Throws<RuleViolation>(() => new FieldChecks().Cleaned("<b></b>", "title", 60, out _).ThrowIfAny()).Errors["title"]);
    }

    [Theory]
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("+86 13800138000", "13800138000")]
    [InlineData("0451-86201234", null)]
    [InlineData("1380013800", null)]
    [InlineData("worker@example.com", null)]
    public void A_mobile_number_becomes_its_eleven_digits_and_anything_else_is_none(string typed, string? digits) =>
        Assert.Equal(digits, Contact.MobileNumber(typed));
}
