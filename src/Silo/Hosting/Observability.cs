using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Procurement.Silo.Hosting;

/// <summary>
/// One correlation id per piece of work, from the Web's HTTP request through the grain call and on to the consumers of
/// the events it raised: the W3C trace id. ASP.NET Core starts an activity per request, Orleans carries the trace context
/// of a grain call in its request context (<c>AddActivityPropagation</c>), the outbox publishes under the committing call's
/// context, MassTransit carries <c>traceparent</c> in message headers and starts one per consume, and every log line gets
/// the trace id as a scope. Both apps call <see cref="AddProcurementObservability"/> once.
/// </summary>
public static class Observability
{
    /// <summary>The activity source of this application's own spans (the outbox publishing an event on behalf of a command).</summary>
    public static readonly ActivitySource Source = new("Procurement");

    /// <summary>The response header that gives a client the correlation id of its request (the same as problem details' <c>traceId</c>).</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    private static readonly Lazy<ActivityListener> Listener = new(() =>
    {
        // Activity sources create activities only while someone listens; without a listener MassTransit would start no
        // send or consume activity and carry no traceparent. Propagation data is all the logs need (no recording).
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Procurement" or "MassTransit" or "Microsoft.AspNetCore" || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            SampleUsingParentId = (ref ActivityCreationOptions<string> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    });

    /// <summary>
    /// Trace and span ids on every log line (as a scope); the JSON console formatter (<c>Logging:Console:FormatterName=json</c>,
    /// what distributed mode uses) writes scopes and UTC timestamps, with Chinese text left readable.
    /// </summary>
    public static IHostApplicationBuilder AddProcurementObservability(this IHostApplicationBuilder builder)
    {
        _ = Listener.Value;
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = o.JsonWriterOptions with { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
        });
        return builder;
    }

    /// <summary>The correlation id of the work in progress: the current trace id, or null outside any activity.</summary>
    public static string? CorrelationId => Activity.Current?.TraceId.ToHexString();
}
