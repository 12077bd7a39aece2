namespace Procurement.Web.Tests;

/// <summary>What a page's HTML must not show a person.</summary>
public static class PageText
{
    /// <summary>A GUID, with dashes or as 32 hex digits, standing on its own.</summary>
    public const string Guid = "(?i)(?<![0-9a-z])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})(?![0-9a-z])";

    /// <summary>A JSON string escape of a non-ASCII character, as a serializer writes Chinese by default.</summary>
    public const string UnicodeEscape = @"\\u[0-9a-fA-F]{4}";
}
