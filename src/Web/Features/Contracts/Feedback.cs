using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Domain;
using Procurement.Silo.Hosting;
using Procurement.Storage;
using Procurement.Web.Features.Projects;
using Procurement.Web.Hosting;

namespace Procurement.Web.Features.Contracts;

/// <summary>A beneficiary's answer: how satisfied (1–5), whether they would recommend it, what to improve (optional).</summary>
/// <param name="RequestId">The answer's id, chosen by the form (or an app) so that the same answer sent twice is stored once.</param>
public sealed record FeedbackInput(int? Satisfaction, bool? WouldRecommend, string? Improve, Guid? RequestId = null);

/// <summary>
/// One contract's answers of one quarter: how many, the mean satisfaction, how many gave each score (1 to 5), and the
/// share who would recommend the service.
/// </summary>
public sealed record FeedbackFigures(string Quarter, int Count, double Mean, IReadOnlyList<int> Distribution, double RecommendShare);

/// <summary>What the feedback form shows of a contract: no more than the public project page does.</summary>
public sealed record FeedbackTarget(Guid ContractId, string Title, string OrganizationName, bool Open);

/// <summary>An improvement suggestion as the parties read it: the text (masked) and when, never who.</summary>
public sealed record FeedbackSuggestion(string Text, int Satisfaction, DateTimeOffset At);

/// <summary>
/// 服务评价: beneficiaries answer on a contract's service without signing in, from the link or QR code its organization
/// shows at its sessions. Answers are anonymous (the browser's random device cookie is kept only as a hash, to allow one
/// answer per device and contract a day; each address is rate limited), and are read as figures per quarter by the
/// contract's parties and its evaluators.
/// </summary>
public static class Feedback
{
    /// <summary>The rate-limit policy of answers, per client address.</summary>
    public const string Limiter = "feedback";

    /// <summary>The browser cookie holding a random device id (never stored as such).</summary>
    public const string DeviceCookie = "procurement.device";

    /// <summary>How long one device waits before answering on the same contract again.</summary>
    public static readonly TimeSpan DeviceWindow = TimeSpan.FromHours(24);

    /// <summary>A contract as the public form names it, or null when there is none; <see cref="FeedbackTarget.Open"/> while it is delivered.</summary>
    public static Task<FeedbackTarget?> TargetAsync(ProcurementDb db, Guid contractId, CancellationToken ct) =>
        db.Contracts.AsNoTracking().Where(c => c.Id == contractId)
            .Join(db.Organizations, c => c.OrganizationId, o => o.Id, (c, o) => new FeedbackTarget(c.Id, c.Title, o.Name,
                c.Status == ContractStatus.Active || c.Status == ContractStatus.Rectifying))
            .FirstOrDefaultAsync(ct);

    /// <exception cref="RuleViolation">
    /// No such contract (404), one no longer delivered (409 <c>feedback.closed</c>), this device answered within a day
    /// (409 <c>feedback.device_limit</c>), or answers out of range (422, each beside its question).
    /// </exception>
    public static async Task SubmitAsync(ProcurementDb db, Guid contractId, FeedbackInput input, string deviceId, DateTimeOffset now, CancellationToken ct)
    {
        new FieldChecks()
            .Require(input.Satisfaction is >= 1 and <= 5, "satisfaction", "feedback.satisfaction_range")
            .Require(input.WouldRecommend is not null, "wouldRecommend", "required")
            .Cleaned(input.Improve, "improve", FeedbackLimits.ImproveLength, out var improve, required: false)
            .ThrowIfAny();
        var target = await TargetAsync(db, contractId, ct) ?? throw RuleViolation.NotFound("contract");
        if (!target.Open) throw RuleViolation.Conflict("feedback.closed", "This service is no longer being delivered.");
        var id = input.RequestId is { } requested && requested != Guid.Empty ? requested : Guid.CreateVersion7();
        // The same answer again (a double tap, a retry after a lost reply) was taken: it is taken again, and stored once.
        if (await db.Feedback.AnyAsync(f => f.Id == id, ct)) return;
        var device = DeviceKey(deviceId);
        var since = now - DeviceWindow;
        if (await db.Feedback.AnyAsync(f => f.ContractId == contractId && f.DeviceKey == device && f.At > since, ct))
            throw RuleViolation.Conflict("feedback.device_limit", "This device answered on this service today already.");
        db.Feedback.Add(new Storage.Entities.Feedback
        {
            Id = id, ContractId = contractId, Quarter = ChinaTime.QuarterOf(now), Satisfaction = input.Satisfaction!.Value,
            WouldRecommend = input.WouldRecommend!.Value, Improve = string.IsNullOrEmpty(improve) ? null : improve, DeviceKey = device,
            At = StoredTime.Of(now),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Both taps arrived together: the other one stored this answer.
            if (!await db.Feedback.AsNoTracking().AnyAsync(f => f.Id == id, ct)) throw;
        }
    }

    /// <summary>A device id as stored: its SHA-256 (the id is 128 random bits, so the hash reveals nothing).</summary>
    public static string DeviceKey(string deviceId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(deviceId)));

    /// <summary>
    /// The device id of a request: an app's <c>X-Device-Id</c> header, the browser's cookie, or a new one set on the
    /// response (one year, this site only).
    /// </summary>
    public static string DeviceOf(HttpContext http)
    {
        if (http.Request.Headers["X-Device-Id"].ToString() is { Length: >= 16 and <= 64 } app) return app;
        if (http.Request.Cookies[DeviceCookie] is { Length: >= 16 and <= 64 } known) return known;
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Response.Cookies.Append(DeviceCookie, id, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
        });
        return id;
    }

    /// <summary>Figures per quarter (newest first) of the contracts given, for those who may read them (callers check).</summary>
    public static async Task<IReadOnlyList<FeedbackFigures>> FiguresAsync(ProcurementDb db, Guid contractId, CancellationToken ct) =>
        Figures(await db.Feedback.AsNoTracking().Where(f => f.ContractId == contractId)
            .GroupBy(f => new { f.Quarter, f.Satisfaction }).Select(g => new Tally(g.Key.Quarter, g.Key.Satisfaction, g.Count(), g.Count(f => f.WouldRecommend)))
            .ToListAsync(ct));

    /// <summary>The answers of one quarter, for the review of that quarter.</summary>
    public static async Task<FeedbackFigures?> QuarterAsync(ProcurementDb db, Guid contractId, string quarter, CancellationToken ct) =>
        (await FiguresAsync(db, contractId, ct)).FirstOrDefault(f => f.Quarter == quarter);

    /// <summary>The latest suggestions of a contract, newest first.</summary>
    public static Task<List<FeedbackSuggestion>> SuggestionsAsync(ProcurementDb db, Guid contractId, int take, CancellationToken ct) =>
        db.Feedback.AsNoTracking().Where(f => f.ContractId == contractId && f.Improve != null).OrderByDescending(f => f.At).Take(take)
            .Select(f => new FeedbackSuggestion(f.Improve!, f.Satisfaction, f.At)).ToListAsync(ct);

    /// <summary>How many answers gave one score in one quarter, and how many of them would recommend.</summary>
    public sealed record Tally(string Quarter, int Satisfaction, int Count, int Recommend);

    public static IReadOnlyList<FeedbackFigures> Figures(IEnumerable<Tally> tallies) =>
        [.. tallies.GroupBy(t => t.Quarter).OrderByDescending(g => g.Key).Select(g =>
        {
            var count = g.Sum(t => t.Count);
            var distribution = Enumerable.Range(1, 5).Select(s => g.Where(t => t.Satisfaction == s).Sum(t => t.Count)).ToArray();
            // Unrounded: pages round once, as they show it ("0.00").
            return new FeedbackFigures(g.Key, count, count == 0 ? 0 : g.Sum(t => t.Satisfaction * t.Count) / (double)count, distribution,
                count == 0 ? 0 : g.Sum(t => t.Recommend) / (double)count);
        })];

    /// <summary>The public address beneficiaries open: short, for the QR code.</summary>
    public static string FormPath(Guid contractId) => $"/f/{contractId:N}";

    /// <summary>The QR code of a contract's form as a PNG, at the portal's public address.</summary>
    public static byte[] QrPng(string absoluteLink)
    {
        using var generator = new QRCoder.QRCodeGenerator();
        using var data = generator.CreateQrCode(absoluteLink, QRCoder.QRCodeGenerator.ECCLevel.M);
        return new QRCoder.PngByteQRCode(data).GetGraphic(10);
    }

    public static void MapFeedback(this IEndpointRouteBuilder api)
    {
        var feedback = api.MapGroup("/contracts/{id:guid}/feedback").WithTags("Contracts");

        feedback.MapPost("", async (Guid id, FeedbackInput body, ProcurementDb db, TimeProvider time, HttpContext http, CancellationToken ct) =>
            {
                await SubmitAsync(db, id, body, DeviceOf(http), time.GetUtcNow(), ct);
                return Results.NoContent();
            })
            .AllowAnonymous().RequireRateLimiting(Limiter).DisableAntiforgery()
            .WithSummary("A beneficiary's anonymous answer (one per device and contract a day; each address rate limited)");

        feedback.MapGet("", async (Guid id, ProcurementDb db, ClaimsPrincipal user, CancellationToken ct) =>
                await db.ContractsFor(user).AnyAsync(c => c.Id == id, ct)
                    ? Results.Ok(new { quarters = await FiguresAsync(db, id, ct), suggestions = await SuggestionsAsync(db, id, 50, ct) })
                    : ProjectEndpoints.NotFound("contract"))
            .RequireAuthorization().WithSummary("The answers per quarter (count, mean, distribution, recommend share) and the latest suggestions");

        feedback.MapGet("/qr.png", async (Guid id, ProcurementDb db, ClaimsPrincipal user, Microsoft.Extensions.Options.IOptions<Silo.Notifications.PortalOptions> portal, CancellationToken ct) =>
                await db.ContractsFor(user).AnyAsync(c => c.Id == id, ct)
                    ? Results.File(QrPng(portal.Value.Link(FormPath(id))), "image/png")
                    : ProjectEndpoints.NotFound("contract"))
            .RequireAuthorization().WithSummary("The QR code of the contract's feedback form, to print for its sessions");
    }
}
