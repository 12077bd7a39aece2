using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Procurement.Silo.Hosting;

/// <summary>
/// One trace per piece of work, from the Web's HTTP request through the grain call and on to the consumers of the events
/// it raised, recorded by OpenTelemetry: ASP.NET Core starts an activity per request, Orleans carries the trace context of a
/// grain call in its request context (<c>AddActivityPropagation</c>), the outbox publishes under the committing call's
/// context, MassTransit carries <c>traceparent</c> in message headers and starts one per consume; EF Core, outgoing HTTP,
/// the runtime, Orleans and MassTransit add their spans and metrics. Spans and metrics go to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (with the SDK's other <c>OTEL_*</c> settings), nowhere otherwise. Every log
/// line carries the trace id as a scope, and the Web answers it as <see cref="CorrelationHeader"/>. Both apps call
/// <see cref="AddProcurementObservability"/> once.
/// </summary>
public static class Observability
{
    /// <summary>The activity source of this application's own spans (the outbox publishing an event on behalf of a command).</summary>
    public static readonly ActivitySource Source = new("Procurement");

    /// <summary>The response header that gives a client the correlation id of its request (the same as problem details' <c>traceId</c>).</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    /// <summary>The activity sources whose spans are recorded: ours, the bus's and the grain runtime's.</summary>
    public static readonly string[] Sources = [Source.Name, "MassTransit", "Microsoft.Orleans.*"];

    /// <summary>The meters read besides ASP.NET Core's, HTTP's and the runtime's: the bus's and the grain runtime's.</summary>
    public static readonly string[] Meters = ["MassTransit", "Microsoft.Orleans"];

    /// <summary>
    /// Traces and metrics (<see cref="Observability"/>), trace and span ids on every log line (as a scope); the JSON console
    /// formatter (<c>Logging:Console:FormatterName=json</c>, what distributed mode uses) writes scopes and UTC timestamps,
    /// with Chinese text left readable.
    /// </summary>
    public static IHostApplicationBuilder AddProcurementObservability(this IHostApplicationBuilder builder)
    {
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Environment.ApplicationName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t =>
            {
                t.AddSource(Sources).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation();
                if (export) t.AddOtlpExporter();
            })
            .WithMetrics(m =>
            {
                m.AddMeter(Meters).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddRuntimeInstrumentation();
                if (export) m.AddOtlpExporter();
            });
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
