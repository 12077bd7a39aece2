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
        state.AddModelError(string.Empty, text.For(code, message));
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

    /// <summary>Model binding's own messages are English and technical: a value that could not be read is shown as invalid.</summary>
    public static void LocalizeBindingErrors(this ModelStateDictionary state, RuleText text)
    {
        foreach (var key in state.Keys.ToList())
        {
            var entry = state[key]!;
            if (entry.Errors.Count == 0) continue;
            var (raw, attempted) = (entry.RawValue, entry.AttemptedValue);
            state.Remove(key);
            state.SetModelValue(key, raw, attempted);
            state.AddModelError(key, text.Field("invalid"));
        }
    }

    /// <summary>"300.5" yuan → 30050 fen; null when the amount has more than two decimals or is out of range.</summary>
    public static long? ToFen(decimal? yuan)
    {
        if (yuan is not { } y) return 0;
        if (decimal.Round(y, 2) != y || Math.Abs(y) > Money.Max.Yuan) return null;
        return Money.FromYuan(y).Fen;
    }

    /// <summary>A datetime-local value, read as China time, in UTC.</summary>
    public static DateTimeOffset FromChinaLocal(DateTime local) =>
        new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime.Offset).ToUniversalTime();

    /// <summary>The value a datetime-local input shows for a UTC time.</summary>
    public static DateTime ToChinaLocal(DateTimeOffset utc) => utc.ToChina().DateTime;

    /// <summary>Comma-separated text (either width, or 、) to a list without blanks.</summary>
    public static List<string> SplitList(string? text) =>
        [.. (text ?? "").Split([',', '，', '、', ';', '；', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}

/// <summary>What the pager shows: the current page of how many, and the query parameter that carries it.</summary>
public sealed record Pager(int PageNumber, int Pages, int Total, string Param = "page");
