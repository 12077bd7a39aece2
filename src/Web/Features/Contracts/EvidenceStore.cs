using System.Security.Cryptography;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;

namespace Procurement.Web.Features.Contracts;

/// <summary>
/// Evidence files and documents, stored outside the database under their SHA-256 (<c>Evidence:Folder</c>, default
/// data/evidence; in distributed mode a folder every Web instance shares). Evidence is images and PDF, documents also Word,
/// recognised by their content, not their name.
/// </summary>
public sealed class EvidenceStore(IConfiguration config)
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxFiles = 10;

    private string Folder => Path.GetFullPath(config["Evidence:Folder"] ?? "data/evidence");

    /// <summary>Checks and stores the uploaded files (at most <paramref name="most"/>); the errors are the <paramref name="field"/>'s.</summary>
    /// <param name="documents">Call and proposal documents: Word files (.docx, .doc) besides images and PDF.</param>
    public async Task<IReadOnlyList<EvidenceInput>> SaveAsync(IReadOnlyList<IFormFile> files, CancellationToken ct, string field = "evidence", int most = MaxFiles,
        bool documents = false)
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
            var type = (documents ? SniffDocument(bytes) : Sniff(bytes)) ?? throw new RuleViolation("validation.failed",
                documents ? "A document must be a PDF, a Word file or an image." : "Evidence must be an image or a PDF.", ViolationKind.Invalid,
                new Dictionary<string, string[]> { [field] = [documents ? "document.type" : "evidence.type"] });
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            var path = Path.Combine(Folder, hash);
            if (!File.Exists(path)) await File.WriteAllBytesAsync(path, bytes, ct);
            saved.Add(new EvidenceInput(Guid.CreateVersion7(), Path.GetFileName(f.FileName), type, bytes.LongLength, hash));
        }
        return saved;
    }

    public Stream Open(string sha256) => File.OpenRead(Path.Combine(Folder, sha256));

    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>
    /// A document's content type: what <see cref="Sniff"/> knows, a .docx (a zip holding word/document.xml) or a .doc (an
    /// OLE compound file); null for anything else, a zip of another kind included.
    /// </summary>
    public static string? SniffDocument(byte[] b) => Sniff(b) ?? (IsDocx(b) ? DocxType : b is [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] ? "application/msword" : null);

    private static bool IsDocx(byte[] b)
    {
        if (b is not [0x50, 0x4B, 0x03, 0x04, ..]) return false;
        try
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(b), System.IO.Compression.ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

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
