namespace Procurement.Contracts.Domain;

/// <summary>How a refused request is reported to a client.</summary>
[GenerateSerializer]
public enum ViolationKind
{
    /// <summary>The input breaks a rule (422 with field errors).</summary>
    Invalid,
    /// <summary>The entity is not in a state that allows the change (409).</summary>
    Conflict,
    /// <summary>The entity does not exist, or the caller may not know it exists (404).</summary>
    NotFound,
    /// <summary>The caller may see the entity but not change it (403).</summary>
    Forbidden,
}

/// <summary>
/// A domain rule refused a change. <see cref="Code"/> is stable: clients and the portal's resource files key on it.
/// <see cref="Errors"/> maps input fields (camelCase, as the API spells them) to the codes of the rules they break.
/// </summary>
/// <remarks>
/// It crosses grain calls (the Web is an Orleans client in distributed mode), so it carries its own serializer: a refusal
/// reaches a separate Web process with its code, kind and field errors intact.
/// </remarks>
[GenerateSerializer, Alias("RuleViolation")]
public sealed class RuleViolation : Exception
{
    public RuleViolation(string code, string message, ViolationKind kind = ViolationKind.Invalid, IReadOnlyDictionary<string, string[]>? errors = null)
        : base(message)
    {
        Code = code;
        Kind = kind;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    [Id(0)] public string Code { get; private set; }
    [Id(1)] public ViolationKind Kind { get; private set; }
    [Id(2)] public IReadOnlyDictionary<string, string[]> Errors { get; private set; }

    public static RuleViolation NotFound(string what) => new($"{what}.not_found", $"The {what} does not exist.", ViolationKind.NotFound);
    public static RuleViolation Conflict(string code, string message) => new(code, message, ViolationKind.Conflict);
    public static RuleViolation Forbidden(string code, string message) => new(code, message, ViolationKind.Forbidden);
}

/// <summary>Collects every field error of an input before refusing it, so a form shows them all at once.</summary>
public sealed class FieldChecks
{
    /// <summary>The longest reason a person writes (a return, an amendment, a cancellation, an award's justification).</summary>
    public const int ReasonLength = 2000;

    private readonly Dictionary<string, List<string>> errors = [];

    public FieldChecks Require(bool ok, string field, string code)
    {
        if (!ok)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(code);
        }
        return this;
    }

    public FieldChecks Text(string? value, string field, int max, bool required = true) =>
        Require(!required || !string.IsNullOrWhiteSpace(value), field, "required")
            .Require(value is null || value.Length <= max, field, "too_long");

    /// <summary>
    /// A text others will read (<see cref="PublicText"/>), checked as it will be kept: cleaned, then bounded by
    /// <paramref name="max"/>. A text far longer than that is refused without being cleaned, and <paramref name="cleaned"/> is null.
    /// </summary>
    public FieldChecks Cleaned(string? typed, string field, int max, out string? cleaned, bool required = true)
    {
        if (typed is not null && typed.Length > max * PublicText.RawFactor)
        {
            cleaned = null;
            return Require(false, field, "too_long");
        }
        cleaned = PublicText.Clean(typed);
        return Text(cleaned, field, max, required);
    }

    public FieldChecks Amount(long fen, string field, bool allowZero = false) =>
        Require(allowZero ? fen >= 0 : fen > 0, field, allowZero ? "not_negative" : "positive")
            .Require(fen <= Money.Max.Fen, field, "too_large");

    /// <summary>A date a person entered: in <see cref="ChinaTime"/>'s calendar, or "date.range".</summary>
    public FieldChecks Date(DateOnly value, string field) => Require(ChinaTime.InCalendar(value), field, "date.range");

    public FieldChecks Date(DateTimeOffset value, string field) => Require(ChinaTime.InCalendar(value), field, "date.range");

    public bool HasErrors => errors.Count > 0;

    /// <summary>Whether any of <paramref name="fields"/> is already refused (so a rule relating them is not checked).</summary>
    public bool AnyRefused(params string[] fields) => fields.Any(errors.ContainsKey);

    /// <summary>The refusal these checks add up to, or null when every field passed.</summary>
    public RuleViolation? Violation(string code = "validation.failed") => errors.Count == 0 ? null
        : new RuleViolation(code, "One or more fields are invalid.", ViolationKind.Invalid, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public void ThrowIfAny(string code = "validation.failed")
    {
        if (Violation(code) is { } refused) throw refused;
    }
}
