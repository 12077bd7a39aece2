namespace Procurement.Web.Features;

/// <summary>One page of a list: every list in the portal and the API is paged.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public static (int Page, int Size) Clamp(int? page, int? size) => (Math.Max(1, page ?? 1), Math.Clamp(size ?? DefaultSize, 1, MaxSize));
}
