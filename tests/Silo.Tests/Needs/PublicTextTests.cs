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
    [InlineData("138 0013 8000", "13800138000")]
    [InlineData("+86 13800138000", "13800138000")]
    [InlineData("0451-86201234", null)]
    [InlineData("1380013800", null)]
    [InlineData("worker@example.com", null)]
    public void A_mobile_number_becomes_its_eleven_digits_and_anything_else_is_none(string typed, string? digits) =>
        Assert.Equal(digits, Contact.MobileNumber(typed));
}
