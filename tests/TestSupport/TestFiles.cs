namespace Procurement.Tests.Support;

/// <summary>Files the tests upload as evidence.</summary>
public static class TestFiles
{
    /// <summary>The smallest valid PNG (1×1).</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
}
