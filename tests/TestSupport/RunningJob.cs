using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Procurement.Silo.Scheduling;

namespace Procurement.Tests.Support;

/// <summary>
/// A run of a job in progress on a Silo as the job storage holds it (processing on <c>server</c>, with the progress it
/// reported), written the way Hangfire's worker writes it; disposing it deletes the run.
/// </summary>
public sealed class RunningJob : IDisposable
{
    private readonly JobStorage storage;
    private readonly string id;

    private RunningJob(JobStorage storage, string id)
    {
        this.storage = storage;
        this.id = id;
    }

    public static RunningJob Start<TJob>(JobStorage storage, string server, JobProgress progress)
    {
        using var connection = storage.GetConnection();
        var method = typeof(TJob).GetMethod("RunAsync")!;
        var job = new Job(typeof(TJob), method, [.. method.GetParameters().Select(p => p.ParameterType == typeof(CancellationToken) ? (object?)CancellationToken.None : null)]);
        var run = new RunningJob(storage, connection.CreateExpiredJob(job, new Dictionary<string, string?>(), DateTime.UtcNow, TimeSpan.FromHours(1)));
        run.Report(progress);
        run.SetState(new RunningOn(server));
        return run;
    }

    public void Report(JobProgress progress)
    {
        using var connection = storage.GetConnection();
        connection.SetJobParameter(id, JobProgress.Parameter, SerializationHelper.Serialize(progress, SerializationOption.User));
    }

    public void Dispose() => SetState(new DeletedState());

    private void SetState(IState state)
    {
        using var connection = storage.GetConnection();
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetJobState(id, state);
        transaction.Commit();
    }

    /// <summary>The processing state as a Silo's worker records it (Hangfire keeps its own constructor internal).</summary>
    private sealed class RunningOn(string server) : IState
    {
        public string Name => ProcessingState.StateName;
        public string? Reason => null;
        public bool IsFinal => false;
        public bool IgnoreJobLoadException => false;

        public Dictionary<string, string> SerializeData() => new()
        {
            ["StartedAt"] = JobHelper.SerializeDateTime(DateTime.UtcNow), ["ServerId"] = server, ["WorkerId"] = "worker-1",
        };
    }
}
