using System.Diagnostics;
using Procurement.Integration.Tests.Infrastructure;

namespace Procurement.Integration.Tests;

/// <summary>
/// A Silo or a Web started against a database nobody answers for stops at once and says, in one line, where it looked and
/// which settings to check: no stack trace for the person setting it up, no half-started cluster member. SQL Server cannot
/// run on these machines, so a closed port stands for the unreachable server; PostgreSQL goes the same way.
/// </summary>
public sealed class UnreachableDatabaseTests
{
    public static TheoryData<string, string> Starts => new()
    {
        { "Silo", "SqlServer" },
        { "Web", "SqlServer" },
        { "Silo", "PostgreSql" },
    };

    [Theory]
    [MemberData(nameof(Starts))]
    public async Task Starting_against_an_unreachable_database_exits_with_one_line_naming_the_host_and_the_settings(string app, string provider)
    {
        var port = FreePorts.Next();
        var connectionString = provider == "SqlServer"
            ? $"Server=127.0.0.1,{port};Database=procurement;User Id=sa;Password=unused;TrustServerCertificate=true;Connect Timeout=5"
            : $"Host=127.0.0.1;Port={port};Database=procurement;Username=procurement;Password=unused;Timeout=5";
        var started = Stopwatch.GetTimestamp();
        var (exit, output) = await LoggedProcess.RunAsync(AppBinaries.Dotnet, [app == "Silo" ? AppBinaries.Silo : AppBinaries.Web], TimeSpan.FromSeconds(90),
            new Dictionary<string, string?>
            {
                ["Database__Provider"] = provider,
                ["ConnectionStrings__Procurement"] = connectionString,
                ["Urls"] = $"http://127.0.0.1:{FreePorts.Next()}",
                ["Cluster__SiloPort"] = FreePorts.Next().ToString(),
                ["Cluster__GatewayPort"] = FreePorts.Next().ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
            });
        var elapsed = Stopwatch.GetElapsedTime(started);
        Report.Figures($"{app} against an unreachable {provider}", ("exit code", exit), ("time to exit", $"{elapsed.TotalSeconds:0.0} s"), ("output", output.Trim()));

        Assert.Equal(1, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("Cannot reach the database at ", line, StringComparison.Ordinal);
        Assert.Contains(port.ToString(), line, StringComparison.Ordinal);
        Assert.Contains($"Database:Provider={provider}", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings:Procurement", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", line, StringComparison.OrdinalIgnoreCase);
    }
}
