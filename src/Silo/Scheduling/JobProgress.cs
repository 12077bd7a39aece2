using Hangfire.Server;

namespace Procurement.Silo.Scheduling;

/// <summary>
/// How far a long job has come (<see cref="Done"/> of <see cref="Total"/>), kept with the running job in Hangfire's storage,
/// so 定时任务 on any node shows it while the job runs on a Silo.
/// </summary>
public sealed record JobProgress(int Done, int Total)
{
    public const string Parameter = "progress";

    /// <summary>Where a job run by Hangfire reports; null when the job is called directly (tests, the catch-up at start).</summary>
    public static IProgress<JobProgress>? ReportTo(PerformContext? context) => context is null ? null : new Reporter(context);

    private sealed class Reporter(PerformContext context) : IProgress<JobProgress>
    {
        public void Report(JobProgress value) => context.SetJobParameter(Parameter, value);
    }
}
