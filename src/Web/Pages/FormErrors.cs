using Microsoft.AspNetCore.Mvc.ModelBinding;
using Procurement.Contracts.Domain;
using Procurement.Web.Hosting;

namespace Procurement.Web.Pages;

/// <summary>
/// Puts a refused command on its form: the rule's own text heads the summary, each field error goes beside its field.
/// The API names fields in camelCase and amounts in fen ("budgetFen"); forms name them in PascalCase under a prefix and
/// take amounts in yuan ("Input.Budget"), so one mapping serves every form.
/// </summary>
public static class FormErrors
{
    /// <summary>Runs a command; on refusal records its errors and returns false.</summary>
    public static async Task<bool> TryAsync(this ModelStateDictionary state, RuleText text, Func<Task> send, string prefix = "Input")
    {
        try
        {
            await send();
            return true;
        }
        catch (Exception e) when (state.AddFailure(text, e, prefix))
        {
            return false;
        }
    }

    /// <summary>Records a refusal (from a grain, or a rule checked in the Web) or no silo answering; false for anything else.</summary>
    public static bool AddFailure(this ModelStateDictionary state, RuleText text, Exception exception, string prefix = "Input")
    {
        switch (exception)
        {
            case RuleViolation v:
                state.AddRejection(text, v.Code, v.Message, v.Errors, prefix);
                return true;
            case ClusterUnavailableException:
                state.AddModelError(string.Empty, text.For("service.unavailable", "The service is busy; try again shortly."));
                return true;
            default:
                return false;
        }
    }

    public static void AddRejection(this ModelStateDictionary state, RuleText text, string code, string message,
        IReadOnlyDictionary<string, string[]> errors, string prefix)
    {
        // A refusal named after its one field error (award.reason_required on "reason") would say the same words as its
        // summary's headline, in its list and beside the field: the headline then says only that fields need attention.
        var headline = errors.Values.Any(codes => codes.Contains(code)) ? "validation.failed" : code;
        state.AddModelError(string.Empty, text.For(headline, message));
        foreach (var (field, codes) in errors)
            foreach (var c in codes.Distinct())
                state.AddModelError(FormKey(prefix, field), text.Field(c));
    }

    /// <summary>"budgetFen" under "Input" → "Input.Budget".</summary>
    public static string FormKey(string prefix, string apiField)
    {
        var name = apiField.Length > 3 && apiField.EndsWith("Fen", StringComparison.Ordinal) ? apiField[..^3] : apiField;
        name = name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name[1..];
        return prefix.Length == 0 ? name : prefix + "." + name;
    }

    /// <summary>A page-side check (e.g. a value that must be read before a command can be built).</summary>
    public static void AddField(this ModelStateDictionary state, RuleText text, string prefix, string apiField, string code) =>
        state.AddModelError(FormKey(prefix, apiField), text.Field(code));

    /// <summary>
    /// Model binding's own messages are English and technical: a value left empty where one is needed is shown as required,
    /// one that could not be read as invalid.
    /// </summary>
    public static void LocalizeBindingErrors(this ModelStateDictionary state, RuleText text)
    {
        foreach (var key in state.Keys.ToList())
        {
            var entry = state[key]!;
            if (entry.Errors.Count == 0) continue;
            var (raw, attempted) = (entry.RawValue, entry.AttemptedValue);
            state.Remove(key);
            state.SetModelValue(key, raw, attempted);
            state.AddModelError(key, text.Field(string.IsNullOrWhiteSpace(attempted) ? "required" : "invalid"));
        }
    }

    /// <summary>
    /// "300.5" yuan → 30050 fen (nothing typed → 0), or the rule the amount breaks: beyond any sum the platform holds
    /// (<c>too_large</c>) or more than two decimals (<c>money.cents</c>).
    /// </summary>
    public static (long Fen, string? Error) ToFen(decimal? yuan) => yuan switch
    {
        null => (0, null),
        { } y when Math.Abs(y) > Money.Max.Yuan => (0, "too_large"),
        { } y when decimal.Round(y, 2) != y => (0, "money.cents"),
        { } y => (Money.FromYuan(y).Fen, null),
    };

    /// <summary>An amount typed in yuan, in fen; what it breaks is recorded on its field (API name, e.g. "budgetFen").</summary>
    public static long Fen(this ModelStateDictionary state, RuleText text, string prefix, string apiField, decimal? yuan)
    {
        var (fen, error) = ToFen(yuan);
        if (error is not null) state.AddField(text, prefix, apiField, error);
        return fen;
    }

    /// <summary>
    /// A datetime-local value, read as China time, in UTC. A time outside <see cref="ChinaTime"/>'s calendar (a year
    /// typed as 0001 would overflow the conversion) becomes <see cref="DateTimeOffset.MinValue"/>, which the rules refuse
    /// as <c>date.range</c> on its field, together with every other error of the form.
    /// </summary>
    public static DateTimeOffset FromChinaLocal(DateTime local) => ChinaTime.InCalendar(local)
        ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime.Offset).ToUniversalTime()
        : DateTimeOffset.MinValue;

    /// <summary>The value a datetime-local input shows for a UTC time.</summary>
    public static DateTime ToChinaLocal(DateTimeOffset utc) => utc.ToChina().DateTime;

    /// <summary>Comma-separated text (either width, or 、) to a list without blanks.</summary>
    public static List<string> SplitList(string? text) =>
        [.. (text ?? "").Split([',', '，', '、', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>What the pager shows: the current page of how many, and the query parameter that carries it.</summary>
public sealed record Pager(int PageNumber, int Pages, int Total, string Param = "page");
