using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Hangfire;
using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Orleans.Dashboard;
using Procurement.Contracts.Domain;
using Procurement.Silo.Hosting;
using Procurement.Silo.Scheduling;
using Procurement.Storage;
using Procurement.Storage.Entities;
using Procurement.Silo.Notifications;
using Procurement.Web.LiveFeed;

namespace Procurement.Web.Hosting;

public static class PortalExtensions
{
    public const string LoginLimiter = "login";
    public const string SmartScheme = "portal";
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    /// <summary>
    /// The portal: pages, JSON API, live feed, Identity. With <c>Silo:Hosted</c> (the default, embedded mode) a silo runs in
    /// this process; otherwise the portal is an Orleans client of the silos' cluster and calls their grains.
    /// </summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        builder.WebHost.UseStaticWebAssets();
        builder.AddProcurementObservability();

        if (config.GetValue("Silo:Hosted", true))
        {
            builder.AddSilo(bus => bus.AddLiveFeed(config));
        }
        else
        {
            services.AddProcurementStorage(config);
            services.AddDomainClock();
            builder.UseOrleansClient(client => client.ConfigureClusterClient(config).AddDashboard());
            services.AddProcurementBus(config, bus => bus.AddLiveFeed(config));
            services.AddProcurementScheduler(config, runJobs: false);
            services.AddDependencyHealthChecks(config).AddCheck<ClusterClientHealthCheck>("cluster", tags: ["ready"]);
            services.AddMail(config); // password-reset links
        }

        services.AddSingleton<Features.AggregateCache>();
        services.AddScoped<Features.Auth.Accounts>();
        services.AddScoped<Features.Admin.Users>();
        services.AddDataProtection().SetApplicationName("procurement");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddIdentityCore<AppUser>(o =>
            {
                // A worker may sign up with a mobile number only: an address, when given, is checked unique by UniqueEmail.
                o.User.RequireUniqueEmail = false;
                o.Password.RequiredLength = 10;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<ProcurementDb>()
            .AddUserValidator<UniqueEmail>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();

        // One scheme that picks bearer tokens for API clients and the cookie for the portal.
        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = SmartScheme;
            o.DefaultChallengeScheme = SmartScheme;
        });
        auth.AddPolicyScheme(SmartScheme, "cookie or bearer", o => o.ForwardDefaultSelector = http =>
            http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                ? IdentityConstants.BearerScheme
                : IdentityConstants.ApplicationScheme);
        auth.AddBearerToken(IdentityConstants.BearerScheme, o => o.BearerTokenExpiration = TimeSpan.FromHours(8));
        auth.AddIdentityCookies(c => c.ApplicationCookie!.Configure(o =>
        {
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/error/403";
            o.Cookie.Name = "procurement.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = c => ApiAware(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiAware(c, StatusCodes.Status403Forbidden);
        }));
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.PlatformAdmin, p => p.RequireRole(Roles.PlatformAdmin))
            .AddPolicy(Roles.UnionAdmin, p => p.RequireRole(Roles.UnionAdmin))
            .AddPolicy(Roles.OrganizationMember, p => p.RequireRole(Roles.OrganizationMember))
            .AddPolicy(Roles.Evaluator, p => p.RequireRole(Roles.Evaluator))
            .AddPolicy(Roles.Worker, p => p.RequireRole(Roles.Worker));

        // Behind a reverse proxy every request arrives from the proxy. The proxies named here (addresses or networks) are
        // trusted to say whom they forward for and over what (X-Forwarded-For, -Proto), so per-address limits count people,
        // not the proxy; nobody else is believed, loopback included.
        var proxies = (config["Security:TrustedProxies"] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in proxies)
            {
                if (proxy.Contains('/') && System.Net.IPNetwork.TryParse(proxy, out var network)) o.KnownIPNetworks.Add(network);
                else if (System.Net.IPAddress.TryParse(proxy, out var address)) o.KnownProxies.Add(address);
                else throw new InvalidOperationException($"Security:TrustedProxies: '{proxy}' is neither an address nor a network (a.b.c.d or a.b.c.0/24).");
            }
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // When to come back, and for the API a problem with a stable code; a page request gets the portal's 429 page.
            o.OnRejected = async (context, _) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                if (ErrorPages.IsPageRequest(http)) return;
                var text = http.RequestServices.GetRequiredService<RuleText>();
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: text.For("rate_limited", "Too many requests; try again later."),
                    extensions: new Dictionary<string, object?> { ["code"] = "rate_limited" }).ExecuteAsync(http);
            };
            o.AddPolicy(LoginLimiter, http => RateLimitPartition.GetFixedWindowLimiter(Address(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = config.GetValue("Security:LoginPerMinute", 20), Window = TimeSpan.FromMinutes(1) }));
            // Workers' posts and supports, per account (a signed-out caller is refused before the limiter counts).
            o.AddPolicy(Features.Needs.Needs.PostLimiter, http => Changes(http, Account(http), config.GetValue("Security:NeedPostsPerHour", 10), TimeSpan.FromHours(1)));
            o.AddPolicy(Features.Needs.Needs.SupportLimiter, http => Changes(http, Account(http), config.GetValue("Security:NeedSupportsPerMinute", 20), TimeSpan.FromMinutes(1)));
            // Beneficiaries' answers, per client address: a flood from one address is refused, others answer on.
            o.AddPolicy(Features.Contracts.Feedback.Limiter, http => Changes(http, Address(http), config.GetValue("Security:FeedbackPerAddressPerHour", 120), TimeSpan.FromHours(1)));
        });

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            o.SupportedCultures = o.SupportedUICultures = Cultures;
            // Chinese first whatever the browser asks for; English is a choice the user makes (cookie) or a link makes (?culture=en).
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Admin", Roles.PlatformAdmin);
        }).AddViewLocalization();

        // Chinese text is written as UTF-8, not as &#x…; entities: pages stay a third of the size.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddHttpContextAccessor();
        services.AddScoped<GrainCommands>();
        services.AddSingleton<Features.Contracts.EvidenceStore>();
        services.AddSingleton<RuleText>();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            // The framework's own 400s (malformed JSON, wrong types) get a stable code like ours; every coded problem a localized title.
            var problem = c.ProblemDetails;
            if (problem.Status == StatusCodes.Status400BadRequest && !problem.Extensions.ContainsKey("code"))
                problem.Extensions["code"] = problem.Extensions.ContainsKey("errors") ? "validation.failed" : "request.malformed";
            if (problem.Extensions.TryGetValue("code", out var code) && code is string key)
                problem.Title = c.HttpContext.RequestServices.GetRequiredService<RuleText>().For(key, problem.Title ?? key);
            // The same value as the X-Correlation-Id header and the trace id on every log line of the request.
            problem.Extensions["traceId"] = CorrelationIdOf(c.HttpContext);
        });
        services.AddExceptionHandler<ProblemHandler>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddOpenApi("v1", o =>
        {
            // The JSON API only: the pages, the dashboards of Orleans and Hangfire and the culture switch are not part of it.
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "工会服务采购平台 API · Union service procurement API";
                document.Info.Description = ApiDocs.Description;
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiDocs.BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "POST /api/v1/auth/login → accessToken; then Authorization: Bearer {accessToken} (8 h).",
                };
                return Task.CompletedTask;
            });
        });
        services.AddSignalR();
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        var serverClock = app.Configuration.GetValue<bool>("Diagnostics:ServerClock");
        app.UseForwardedHeaders();
        app.Use((http, next) => TraceHeaders(http, next, serverClock));
        // The reader's language first: an error page re-executed below is written in it (re-execution drops the query).
        app.UseRequestLocalization();
        app.UseErrorAnswers();
        app.Use(SecurityHeaders);
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: per-account limits know the account, and refused callers are not counted.
        app.UseRateLimiter();
        app.UseAntiforgery();

        app.MapRazorPages();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapApiDocs();
        app.MapHealthChecks("/health", new() { ResponseWriter = HealthReportWriter.WriteAsync });
        // Liveness: the process answers, nothing checked (an orchestrator restarts on this, routes traffic on /health).
        app.MapGet("/health/live", () => "ok").ExcludeFromDescription();
        app.MapHub<EventsHub>("/hubs/events");
        // Orleans' own dashboard (silos, grains, calls per second) for the platform admin; 系统状态 links to it.
        app.MapOrleansDashboard(routePrefix: "/admin/orleans").RequireAuthorization(p => p.RequireRole(Roles.PlatformAdmin));
        // Hangfire's own console (queues, retries, servers) for the platform admin; 定时任务 links to it.
        app.MapHangfireDashboardWithAuthorizationPolicy(Roles.PlatformAdmin, "/admin/hangfire", new Hangfire.DashboardOptions
        {
            DashboardTitle = "定时任务 · Hangfire", AppPath = "/admin/jobs", DisplayStorageConnectionString = false,
        });
        app.MapPortalApi();
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext http) =>
        {
            var culture = Cultures.FirstOrDefault(x => x.Name == c) ?? Cultures[0];
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") ? returnUrl : "/");
        }).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A fixed window per <paramref name="key"/>, counting changes only: a page that carries the policy for its forms is
    /// read freely.
    /// </summary>
    private static RateLimitPartition<string> Changes(HttpContext http, string key, int permits, TimeSpan window) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? RateLimitPartition.GetNoLimiter("read")
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window });

    /// <summary>The signed-in account (the address for a caller not signed in).</summary>
    private static string Account(HttpContext http) => http.User.UserId()?.ToString() ?? Address(http);

    private static string Address(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static Task ApiAware(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int status)
    {
        if (c.Request.Path.StartsWithSegments("/api") || c.Request.Path.StartsWithSegments("/hubs"))
        {
            c.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        c.Response.Redirect(c.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every response names its correlation id (X-Correlation-Id), so a client or a support desk can find the request's log
    /// lines, and its Server-Timing <c>app;dur=…</c>: the milliseconds from the request entering the pipeline to its first
    /// byte, so a client (the benchmark, a browser's developer tools) can tell the server's time from its own. With
    /// <c>Diagnostics:ServerClock</c> (the benchmark sets it; off by default, as it tells the machine's uptime) it adds
    /// <c>clock;desc=…</c>, the request's start on the machine's monotonic clock (<see cref="Stopwatch.GetTimestamp"/>), so a
    /// client on the same machine can split the rest of its wait into before the pipeline and after the first byte.
    /// </summary>
    private static Task TraceHeaders(HttpContext http, RequestDelegate next, bool serverClock)
    {
        // Set as the response starts: the exception handler clears headers set earlier before it writes a problem.
        var id = CorrelationIdOf(http);
        var started = Stopwatch.GetTimestamp();
        http.Response.OnStarting(() =>
        {
            http.Response.Headers[Observability.CorrelationHeader] = id;
            var app = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            http.Response.Headers["Server-Timing"] = serverClock
                ? string.Create(CultureInfo.InvariantCulture, $"app;dur={app:0.0}, clock;desc={started}")
                : string.Create(CultureInfo.InvariantCulture, $"app;dur={app:0.0}");
            return Task.CompletedTask;
        });
        return next(http);
    }

    /// <summary>The request's trace id (what its log lines carry), or ASP.NET Core's request id outside any trace.</summary>
    private static string CorrelationIdOf(HttpContext http) => Observability.CorrelationId ?? http.TraceIdentifier;

    private static Task SecurityHeaders(HttpContext http, RequestDelegate next)
    {
        var h = http.Response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "strict-origin-when-cross-origin";
        h.ContentSecurityPolicy = $"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'{ApiDocs.ScriptNonce(http)}; connect-src 'self' ws: wss:; frame-ancestors 'none'";
        h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(http);
    }
}
