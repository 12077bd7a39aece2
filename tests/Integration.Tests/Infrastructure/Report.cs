namespace Procurement.Integration.Tests.Infrastructure;

/// <summary>
/// Lines for people: the test output (shown for failed tests, and for all with a detailed console logger), the console,
/// and <c>integration-figures.txt</c> next to the test assembly, which keeps the figures of every run.
/// </summary>
public static class Report
{
    private static readonly object Gate = new();

    public static string FiguresFile => Path.Combine(AppContext.BaseDirectory, "integration-figures.txt");

    public static void Line(string text)
    {
        Console.WriteLine(text);
        var output = TestContext.Current.TestOutputHelper;
        try
        {
            if (output is not null) output.WriteLine(text);
            else TestContext.Current.SendDiagnosticMessage(text); // fixture set-up: shown as a runner diagnostic line
        }
        catch (InvalidOperationException) { }
    }

    /// <summary>One test's figures as aligned "name: value" lines, also appended to the figures file.</summary>
    public static void Figures(string title, params (string Name, object Value)[] figures)
    {
        var width = figures.Max(f => f.Name.Length);
        var text = $"== {title} ({DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)\n" +
                   string.Join('\n', figures.Select(f => $"   {f.Name.PadRight(width)} : {f.Value}"));
        Line(text);
        lock (Gate) File.AppendAllText(FiguresFile, text + "\n\n");
    }
}
