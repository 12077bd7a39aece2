using Procurement.Silo.Demo.Province;

namespace Procurement.Silo.Tests.Demo;

public sealed class ProgressTests
{
    [Fact]
    public void Redirected_output_gets_one_plain_line_per_tenth_of_each_stage()
    {
        using var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, redirected: true);

        for (var done = 0; done <= 1_000; done += 5) bar.Report(new DatasetProgress("projects", done, 1_000));
        bar.Report(new DatasetProgress("done", 1, 1));

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(12, lines.Length);
        Assert.Equal("projects: 0/1,000 (0 %)", lines[0]);
        Assert.Equal("projects: 1,000/1,000 (100 %)", lines[10]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void A_terminal_gets_one_line_redrawn_in_place_per_stage()
    {
        using var output = new StringWriter();
        var bar = new ConsoleProgressBar(output, redirected: false, width: 10);

        bar.Report(new DatasetProgress("unions", 5, 10));
        bar.Report(new DatasetProgress("unions", 10, 10));
        bar.Report(new DatasetProgress("projects", 1, 4));
        bar.Complete();

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.EndsWith("[##########]        10/10", lines[0]);
        Assert.StartsWith("\rprojects", lines[1]);
        Assert.Contains("[##........]", lines[1]);
    }
}
