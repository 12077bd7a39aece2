using Microsoft.Extensions.Logging;

namespace Procurement.Silo.Demo.Province;

/// <summary>How far a generation is: <paramref name="Done"/> of <paramref name="Total"/> items of the current <paramref name="Stage"/>.</summary>
public readonly record struct DatasetProgress(string Stage, int Done, int Total)
{
    public double Fraction => Total <= 0 ? 1 : Math.Clamp(Done / (double)Total, 0, 1);
}

/// <summary>
/// Draws progress as one line rewritten with <c>\r</c>. When the output is redirected (a log file, CI) it writes a
/// plain line per tenth instead, so the file stays readable. For consoles (the benchmark runner); hosts log progress
/// with <see cref="LoggingProgress"/>.
/// </summary>
/// <param name="output">Where to draw.</param>
/// <param name="redirected">Whether <paramref name="output"/> is a file or pipe rather than a terminal.</param>
/// <param name="width">Cells of the bar.</param>
public sealed class ConsoleProgressBar(TextWriter output, bool redirected, int width = 30) : IProgress<DatasetProgress>
{
    private readonly Lock gate = new();
    private string stage = "";
    private int lastTenth = -1;
    private int lastCells = -1;

    /// <summary>Draws on the console's standard output, detecting redirection.</summary>
    public ConsoleProgressBar() : this(Console.Out, Console.IsOutputRedirected)
    {
    }

    public void Report(DatasetProgress value)
    {
        lock (gate)
        {
            if (value.Stage != stage)
            {
                if (!redirected && stage.Length > 0) output.WriteLine();
                stage = value.Stage;
                lastTenth = lastCells = -1;
            }
            if (redirected) WriteLine(value);
            else Redraw(value);
            if (!redirected && value.Done >= value.Total) output.Flush();
        }
    }

    /// <summary>Ends the bar's line, so what follows starts on a fresh one.</summary>
    public void Complete()
    {
        lock (gate)
        {
            if (!redirected && stage.Length > 0) output.WriteLine();
            stage = "";
        }
    }

    private void WriteLine(DatasetProgress p)
    {
        var tenth = (int)(p.Fraction * 10);
        if (tenth == lastTenth) return;
        lastTenth = tenth;
        output.WriteLine($"{p.Stage}: {p.Done:N0}/{p.Total:N0} ({tenth * 10} %)");
    }

    private void Redraw(DatasetProgress p)
    {
        var cells = (int)(p.Fraction * width);
        if (cells == lastCells && p.Done < p.Total) return;
        lastCells = cells;
        output.Write($"\r{p.Stage,-14} [{new string('#', cells)}{new string('.', width - cells)}] {p.Done,9:N0}/{p.Total:N0}");
    }
}

/// <summary>Reports progress to a log, one entry per tenth of each stage: what a Silo or Web start-up shows.</summary>
public sealed partial class LoggingProgress(ILogger log) : IProgress<DatasetProgress>
{
    private readonly Lock gate = new();
    private string stage = "";
    private int lastTenth = -1;

    public void Report(DatasetProgress value)
    {
        lock (gate)
        {
            if (value.Stage != stage) (stage, lastTenth) = (value.Stage, -1);
            var tenth = (int)(value.Fraction * 10);
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            LogProgress(log, value.Stage, value.Done, value.Total, tenth * 10);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Province dataset: {Stage} {Done}/{Total} ({Percent} %)")]
    private static partial void LogProgress(ILogger log, string stage, int done, int total, int percent);
}
