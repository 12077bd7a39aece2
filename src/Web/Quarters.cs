using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;

namespace Procurement.Web;

/// <summary>A review quarter as people write it: "2026Q3" reads 2026年第三季度 in Chinese, Q3 2026 in English.</summary>
public static class Quarters
{
    public static string Quarter(this IStringLocalizer<SharedResource> text, string quarter) =>
        ChinaTime.QuarterNumber(quarter) is { } q && text["Quarter_" + q, quarter[..4]] is { ResourceNotFound: false } label ? label.Value : quarter;
}
