using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Grains;

/// <summary>The one rule of attached documents (calls, bids, organizations): a stored file becomes the next version of its name.</summary>
public static class AttachedDocuments
{
    /// <summary>
    /// <paramref name="file"/> (already checked and stored by the Web) as the next document of its name among
    /// <paramref name="existing"/> — version 1 for a new name — or a field error when it is more than <paramref name="most"/>.
    /// </summary>
    public static AttachedDocument Next(EvidenceInput file, IReadOnlyList<AttachedDocument> existing, int most, DateTimeOffset now)
    {
        new FieldChecks()
            .Require(file is { FileName.Length: > 0 and <= 200, SizeBytes: > 0, Sha256.Length: 64 }, "file", "invalid")
            .Require(existing.Count < most, "file", "too_many")
            .ThrowIfAny();
        var version = existing.Where(d => string.Equals(d.FileName, file.FileName, StringComparison.OrdinalIgnoreCase)).Select(d => d.Version).DefaultIfEmpty(0).Max() + 1;
        return new AttachedDocument
        {
            Id = Guid.CreateVersion7(now), FileName = file.FileName, Version = version, ContentType = file.ContentType, SizeBytes = file.SizeBytes,
            Sha256 = file.Sha256, AddedAt = now,
        };
    }
}
