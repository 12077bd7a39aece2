using System.Security.Cryptography;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;

namespace Procurement.Web.Features.Contracts;

/// <summary>
/// Evidence files, stored outside the database under their SHA-256 (<c>Evidence:Folder</c>, default data/evidence; in
/// distributed mode a folder every Web instance shares). Only images and PDF, recognised by their content, not their name.
/// </summary>
public sealed class EvidenceStore(IConfiguration config)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;

    private string Folder => Path.GetFullPath(config["Evidence:Folder"] ?? "data/evidence");

    /// <summary>Checks and stores the uploaded files (at most <paramref name="most"/>); the errors are the <paramref name="field"/>'s.</summary>
    public async Task<IReadOnlyList<EvidenceInput>> SaveAsync(IReadOnlyList<IFormFile> files, CancellationToken ct, string field = "evidence", int most = MaxFiles)
    {
        var checks = new FieldChecks().Require(files.Count <= most, field, "too_many");
        foreach (var f in files)
            checks.Require(f.Length is > 0 and <= MaxBytes, field, "evidence.size").Require(f.FileName.Length <= 200, field, "too_long");
        checks.ThrowIfAny();

        Directory.CreateDirectory(Folder);
        var saved = new List<EvidenceInput>();
        foreach (var f in files)
        {
            await using var buffer = new MemoryStream();
            await f.CopyToAsync(buffer, ct);
            var bytes = buffer.ToArray();
            var type = Sniff(bytes) ?? throw new RuleViolation("validation.failed", "Evidence must be an image or a PDF.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { [field] = ["evidence.type"] });
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = Path.Combine(Folder, hash);
            if (!File.Exists(path)) await File.WriteAllBytesAsync(path, bytes, ct);
            saved.Add(new EvidenceInput(Guid.CreateVersion7(), Path.GetFileName(f.FileName), type, bytes.LongLength, hash));
        }
        return saved;
    }

    public Stream Open(string sha256) => File.OpenRead(Path.Combine(Folder, sha256));

    /// <summary>The content type from the file's first bytes: JPEG, PNG, GIF, WebP or PDF; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> b) => b switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, 0x50, 0x4E, 0x47, ..] => "image/png",
        [0x47, 0x49, 0x46, 0x38, ..] => "image/gif",
        [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] => "image/webp",
        [0x25, 0x50, 0x44, 0x46, ..] => "application/pdf",
        _ => null,
    };
}
