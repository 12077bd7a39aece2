using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using Procurement.Tests.Support;

namespace Procurement.Web.Tests.Features.Operations;

/// <summary>
/// The embedded portal with every log line captured (with its scopes, where the trace id lives), Debug logs of the
/// application, a short command timeout, and a switch that makes the silo hold grain calls without answering, as a
/// silo that hangs would.
/// </summary>
public sealed class OperationsPortal : PortalHost
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(5);

    public LogCapture Logs { get; } = new();
    public SpanCapture Spans { get; } = new();
    public CallStall Stall { get; } = new();
    public CallFault Fault { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Logging:LogLevel:Procurement", "Debug");
        builder.UseSetting("Commands:Timeout", CommandTimeout.ToString());
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(Spans));
            services.AddSingleton<IIncomingGrainCallFilter>(Stall);
            services.AddSingleton<IIncomingGrainCallFilter>(Fault);
        });
    }
}

/// <summary>A logger provider that keeps every entry with the trace id found in its scopes.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public sealed record Entry(string Category, LogLevel Level, string Message, string? TraceId);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose() { }

    public IEnumerable<Entry> WithTraceId(string traceId) => Entries.Where(e => e.TraceId == traceId);

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string? traceId = null;
            owner.scopes.ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                    foreach (var (key, value) in pairs)
                        if (key == "TraceId") traceId = value?.ToString();
            }, (object?)null);
            owner.Entries.Enqueue(new Entry(category, logLevel, formatter(state, exception), traceId));
        }
    }
}

/// <summary>While armed, the silo holds every grain call until released: a silo that never answers.</summary>
public sealed class CallStall : IIncomingGrainCallFilter
{
    private volatile TaskCompletionSource? held;

    public void Arm() => held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Disarms and lets the held calls run.</summary>
    public void Release() => Interlocked.Exchange(ref held, null)?.TrySetResult();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (held is { } gate && context.TargetContext.GrainInstance is Grain) await gate.Task;
        await context.Invoke();
    }
}

/// <summary>While armed, every call of the named grain method fails with an error no rule expects: a bug on the server.</summary>
public sealed class CallFault : IIncomingGrainCallFilter
{
    private volatile string? method;

    public void Arm(string grainMethod) => method = grainMethod;

    public void Release() => method = null;

    public Task Invoke(IIncomingGrainCallContext context) =>
        method is { } m && context.InterfaceMethod.Name == m
            ? throw new InvalidOperationException("a fault the test put in " + m)
            : context.Invoke();
}

/// <summary>
/// The spans OpenTelemetry's in-memory exporter hands over, kept under a lock (activity sources are process-wide: spans of
/// other portals in this process arrive here too; tests pick theirs by trace id).
/// </summary>
public sealed class SpanCapture : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public IReadOnlyList<Activity> WithTraceId(string traceId)
    {
        lock (spans) return [.. spans.Where(s => s.TraceId.ToHexString() == traceId)];
    }

    public void Add(Activity item)
    {
        lock (spans) spans.Add(item);
    }

    public void Clear()
    {
        lock (spans) spans.Clear();
    }

    public bool Contains(Activity item)
    {
        lock (spans) return spans.Contains(item);
    }

    public void CopyTo(Activity[] array, int arrayIndex)
    {
        lock (spans) spans.CopyTo(array, arrayIndex);
    }

    public bool Remove(Activity item)
    {
        lock (spans) return spans.Remove(item);
    }

    public int Count
    {
        get { lock (spans) return spans.Count; }
    }

    public bool IsReadOnly => false;

    public IEnumerator<Activity> GetEnumerator()
    {
        lock (spans) return spans.ToList().GetEnumerator();
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
