using System.Security.Cryptography;
using System.Text;

namespace Procurement.Contracts.Domain;

/// <summary>
/// Ids that follow from text: the same text always gives the same id, so a retried request, or a second node seeding the
/// same row, lands on the row the first one made.
/// </summary>
public static class DerivedId
{
    /// <summary>The first 16 bytes of the SHA-256 of <paramref name="text"/> (UTF-8), as a Guid.</summary>
    public static Guid Of(string text) => new(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
}
