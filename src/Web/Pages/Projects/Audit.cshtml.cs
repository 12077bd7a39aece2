using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Procurement.Contracts.Domain;
using Procurement.Storage;
using Procurement.Web.Features.Projects;

namespace Procurement.Web.Pages.Projects;

/// <summary>One fact of an audit entry as a person reads it: a label from the resources and a formatted value.</summary>
public sealed record AuditField(string Label, string Value);

/// <summary>审计记录: the project's append-only trail, who did what when, and whether its hash chain still holds.</summary>
[Authorize(Policy = Roles.UnionAdmin)]
public sealed class AuditModel(ProcurementDb db, IStringLocalizer<SharedResource> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid Id { get; set; }

    public ProjectDetail Project { get; private set; } = null!;
    public AuditTrailView Trail { get; private set; } = null!;
    /// <summary>Each entry's data, by sequence, as labelled values (the stored JSON stays the hashed record).</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<AuditField>> Fields { get; private set; } = new Dictionary<int, IReadOnlyList<AuditField>>();

    /// <summary>
    /// While bidding is open, who bid is as sealed as what they bid: the union sees that a bid came in, not from whom.
    /// (The query itself returns these entries whole; see the report on BidQueries.AuditAsync.)
    /// </summary>
    public bool IsSealed(AuditView entry) =>
        Project.Status == ProjectStatus.Published && entry.Action is "BidSubmitted" or "BidWithdrawn";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await ProjectQueries.GetAsync(db, User, Id, ct) is not { } project || await BidQueries.AuditAsync(db, User, Id, ct) is not { } trail)
            return NotFound();
        Project = project;
        Trail = trail;
        Fields = await ReadableAsync(ct);
        return Page();
    }

    /// <summary>
    /// Ids become names (organizations, evaluators) or are left out (the project itself, bids, paths: the page is about
    /// them already); amounts in fen become yuan, instants China time, flags 是/否.
    /// </summary>
    private async Task<Dictionary<int, IReadOnlyList<AuditField>>> ReadableAsync(CancellationToken ct)
    {
        var data = Trail.Entries.Where(e => !IsSealed(e)).ToDictionary(e => e.Sequence, e => Parse(e.Data));
        var ids = data.Values.SelectMany(d => d).Where(p => p.Name is "organizationId" or "evaluatorId" or "evaluatorIds")
            .SelectMany(p => p.Value.ValueKind == JsonValueKind.Array ? p.Value.EnumerateArray().ToList() : [p.Value])
            .Select(v => v.TryGetGuid(out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var names = ids.Count == 0 ? [] : (await db.Organizations.AsNoTracking().Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Concat((await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.DisplayName }).ToListAsync(ct))
                .Select(u => new { u.Id, Name = Names.Of(u.Name) }))
            .ToDictionary(x => x.Id, x => x.Name);

        string Name(JsonElement v) => v.TryGetGuid(out var g) && names.TryGetValue(g, out var n) ? n : "—";
        string? Value(string name, JsonElement v) => v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.Object => null,
            JsonValueKind.True => text["Audit_Yes"].Value,
            JsonValueKind.False => text["Audit_No"].Value,
            JsonValueKind.Array => string.Join("、", v.EnumerateArray().Select(e => name == "evaluatorIds" ? Name(e) : Value(name, e)).Where(s => s is not null)),
            JsonValueKind.Number when name.EndsWith("Fen", StringComparison.Ordinal) && v.TryGetInt64(out var fen) => new Money(fen).ToString(),
            JsonValueKind.String when name is "organizationId" or "evaluatorId" => Name(v),
            JsonValueKind.String when name == "status" && text["Status_" + v.GetString()] is { ResourceNotFound: false } status => status.Value,
            JsonValueKind.String when v.TryGetDateTimeOffset(out var at) => at.ToChinaString(),
            JsonValueKind.String => v.GetString(),
            _ => v.GetRawText(),
        };
        bool Shown(string name) => name is "organizationId" or "evaluatorId" or "evaluatorIds"
            || !(name is "at" or "unionPath" || name.EndsWith("Id", StringComparison.Ordinal) || name.EndsWith("Ids", StringComparison.Ordinal));

        string Label(string name) => text["AuditField_" + name] is { ResourceNotFound: false } label ? label.Value : name;
        return data.ToDictionary(d => d.Key, d => (IReadOnlyList<AuditField>)[.. d.Value.Where(p => Shown(p.Name))
            .Select(p => new AuditField(Label(p.Name), Value(p.Name, p.Value) ?? ""))
            .Where(f => f.Value.Length > 0)]);
    }

    private static List<JsonProperty> Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? [.. doc.RootElement.Clone().EnumerateObject()] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
