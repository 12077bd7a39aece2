using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Procurement.Bench;

/// <summary>Which way a goal points: the figure must stay at or below the goal, or reach at least it.</summary>
public enum GoalKind { AtMost, AtLeast }

/// <summary>
/// A goal from DESIGN.md §6. <see cref="OnRatio"/>: the goal bounds the ratio figure ÷ limit (e.g. bids ≥ 40 % of raw
/// commits); otherwise it bounds the figure itself (e.g. p95 ≤ 50 ms).
/// </summary>
public sealed record Goal(GoalKind Kind, double Value, bool OnRatio, string Text)
{
    public static Goal RatioAtLeast(double value, string text) => new(GoalKind.AtLeast, value, true, text);
    public static Goal RatioAtMost(double value, string text) => new(GoalKind.AtMost, value, true, text);
    public static Goal AtMost(double value, string text) => new(GoalKind.AtMost, value, false, text);
    public static Goal AtLeast(double value, string text) => new(GoalKind.AtLeast, value, false, text);

    public bool MetBy(double figure, double? ratio) =>
        (OnRatio ? ratio : figure) is { } v && (Kind == GoalKind.AtMost ? v <= Value : v >= Value);
}

/// <summary>
/// One measured figure, with the raw limit it is read against (measured in the same run), their ratio and the goal.
/// </summary>
public sealed record Figure(
    string Scenario, string Measure, double Value, string Unit, string? LimitName = null, double? Limit = null, Goal? Goal = null,
    string? Note = null)
{
    public double? Ratio => Limit is > 0 ? Value / Limit : null;

    public bool? Met => Goal?.MetBy(Value, Ratio);
}

/// <summary>Every figure of one run: printed as it comes, then written as a table, JSON and an SVG chart.</summary>
public sealed class Results(bool quick)
{
    private readonly List<Figure> figures = [];
    private readonly List<string> errors = [];

    public IReadOnlyList<string> Errors => errors;

    public void Add(Figure figure)
    {
        lock (figures) figures.Add(figure);
        Console.WriteLine($"  → {Describe(figure)}");
    }

    public void Error(string scenario, Exception e)
    {
        errors.Add($"{scenario}: {e.GetType().Name}: {e.Message}");
        Console.WriteLine($"  ✗ {scenario} failed: {e}");
    }

    public static string Format(double value, string unit) => unit switch
    {
        "%" => value.ToString("0.0", CultureInfo.InvariantCulture) + " %",
        _ when Math.Abs(value) >= 100 => value.ToString("#,0", CultureInfo.InvariantCulture) + " " + unit,
        _ => value.ToString("0.0#", CultureInfo.InvariantCulture) + " " + unit,
    };

    private static string Describe(Figure f)
    {
        var text = new StringBuilder($"{f.Scenario} · {f.Measure}: {Format(f.Value, f.Unit)}");
        if (f.Limit is { } limit) text.Append($" | limit {f.LimitName}: {Format(limit, f.Unit)} | ratio {f.Ratio:0.00}");
        if (f.Goal is { } goal) text.Append($" | goal {goal.Text}: {(f.Met == true ? "met" : "MISSED")}");
        if (f.Note is not null) text.Append($" ({f.Note})");
        return text.ToString();
    }

    public static string Machine =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, " +
        $"{RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}";

    public void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine($"== Results ({(quick ? "quick pass: small data and short runs, not comparable with a full run" : "full run")}) — {Machine}");
        Console.WriteLine($"{"scenario",-34} {"measure",-34} {"figure",14} {"limit",14} {"ratio",7}  goal");
        foreach (var f in figures)
            Console.WriteLine($"{f.Scenario,-34} {f.Measure,-34} {Format(f.Value, f.Unit),14} {(f.Limit is { } l ? Format(l, f.Unit) : ""),14} " +
                              $"{(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : ""),7}  " +
                              $"{(f.Goal is { } g ? $"{g.Text} {(f.Met == true ? "✓" : "✗")}" : "")}");
        foreach (var e in errors) Console.WriteLine("ERROR " + e);
    }

    public async Task WriteAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        var json = Path.Combine(folder, "results.json");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(new
        {
            date = DateTimeOffset.UtcNow, machine = Machine, quick,
            figures = figures.Select(f => new
            {
                f.Scenario, f.Measure, f.Value, f.Unit, f.LimitName, f.Limit, f.Ratio, goal = f.Goal?.Text, f.Met, f.Note,
            }),
            errors,
        }, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        var svg = Path.Combine(folder, "results.svg");
        await File.WriteAllTextAsync(svg, Chart.Svg(figures, quick));
        Console.WriteLine($"Written: {json}, {svg}");
    }
}

/// <summary>
/// The run as a bar chart: for every figure measured against a limit, the platform's bar beside the raw limit's bar
/// (scaled to the larger of the two), labelled with both values and whether the goal was met.
/// </summary>
public static class Chart
{
    public static string Svg(IEnumerable<Figure> figures, bool quick)
    {
        var rows = figures.Where(f => f.Limit is not null || f.Goal is not null).ToList();
        const int labelWidth = 330, barWidth = 420, rowHeight = 44, top = 40;
        var height = top + rows.Count * rowHeight + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + barWidth + 320}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        svg.Append($"<text x=\"8\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Platform (blue, red where its goal is missed) against the raw limit of the same run (grey){(quick ? " — quick pass" : "")}</text>");
        for (var i = 0; i < rows.Count; i++)
        {
            var f = rows[i];
            var y = top + i * rowHeight;
            // A goal on the figure itself (no limit) is drawn against the goal value.
            var other = f.Limit ?? f.Goal!.Value;
            var otherName = f.Limit is not null ? f.LimitName : "goal";
            var scale = Math.Max(Math.Max(f.Value, other), 1e-9);
            var colour = f.Met switch { true => "#2f7ed8", false => "#d9534f", null => "#2f7ed8" };
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{y + 14}\">{Escape(f.Scenario)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"8\" y=\"{y + 30}\" fill=\"#555\">{Escape(f.Measure)}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{barWidth * f.Value / scale:0.0}\" height=\"14\" fill=\"{colour}\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{labelWidth}\" y=\"{y + 20}\" width=\"{barWidth * other / scale:0.0}\" height=\"14\" fill=\"#aaa\"/>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{labelWidth + barWidth + 8}\" y=\"{y + 15}\">{Escape(Results.Format(f.Value, f.Unit))}{(f.Goal is { } g ? $"  goal {Escape(g.Text)} {(f.Met == true ? "✓" : "✗")}" : "")}</text>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{labelWidth + barWidth + 8}\" y=\"{y + 31}\" fill=\"#555\">{Escape(otherName ?? "")} {Escape(Results.Format(other, f.Unit))}</text>");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
