using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MassTransit;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Messages;
using Procurement.Storage;
using Procurement.Storage.Entities;

namespace Procurement.Silo.Notifications;

/// <summary>Sends e-mail. The embedded mode's sender writes each message to a local outbox folder instead of a mail server.</summary>
public interface IEmailSender
{
    Task SendAsync(string to, string subject, string body, CancellationToken ct);
}

/// <summary>Writes messages as .eml files under <c>Mail:OutboxFolder</c> (default data/mail-outbox), for people to open or a relay to pick up.</summary>
public sealed class FolderEmailSender(IConfiguration config, [FromKeyedServices(DomainClock.Key)] TimeProvider time) : IEmailSender
{
    public async Task SendAsync(string to, string subject, string body, CancellationToken ct)
    {
        var folder = Path.GetFullPath(config["Mail:OutboxFolder"] ?? "data/mail-outbox");
        Directory.CreateDirectory(folder);
        var name = $"{time.GetUtcNow():yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml";
        var subjectB64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(subject));
        var message = $"To: {to}\r\nFrom: noreply@procurement.local\r\nSubject: =?utf-8?B?{subjectB64}?=\r\nMIME-Version: 1.0\r\n" +
            $"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n";
        // No byte-order mark: the first bytes of a mail file are its first header.
        await File.WriteAllTextAsync(Path.Combine(folder, name), message, new UTF8Encoding(false), ct);
    }
}

/// <summary>One notification: to whom, of what kind, about what (with the kind and the person, it is sent once), its title and link.</summary>
public sealed record Notice(Guid UserId, string Kind, string SubjectKey, string Title, string Link)
{
    public string DedupKey => $"{Kind}:{SubjectKey}:{UserId:N}";
}

public static class MailExtensions
{
    /// <summary>
    /// The mail sender and the portal address its links are built on, for every process that sends mail (a Silo's notices,
    /// a Web's password resets). A portal address that is no absolute http(s) address stops the start.
    /// </summary>
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton<IEmailSender, FolderEmailSender>();
        services.AddOptions<PortalOptions>().Bind(config.GetSection("Portal"))
            .Validate(o => o.IsValid, "Portal:PublicBaseUrl must be an absolute http(s) address: e-mails link to it.").ValidateOnStart();
        return services;
    }
}

/// <summary>Where people open the portal: e-mails carry absolute links built on it (<c>Portal:PublicBaseUrl</c>).</summary>
public sealed class PortalOptions
{
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public bool IsValid => Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    /// <summary>The absolute address of a portal path such as <c>/contracts/…</c>.</summary>
    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;
}

/// <summary>
/// Notifies people in the portal and by e-mail, each notification once: its dedup key is unique in the database, so a
/// job that runs again, or an event delivered twice, sends nothing more. E-mail skips the kinds a person turned off;
/// browsers open on the portal hear of new notices live (<see cref="NoticesSent"/>).
/// </summary>
public sealed partial class Notifier(ProcurementDb db, IEmailSender mail, IBus bus, IOptions<PortalOptions> portal,
    [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<Notifier> log)
{
    public const int TitleLength = 300;

    public Task<int> NotifyAsync(IEnumerable<Guid> userIds, string kind, string subjectKey, string title, string link, CancellationToken ct) =>
        NotifyAsync(userIds.Select(id => new Notice(id, kind, subjectKey, title, link)), ct);

    /// <summary>
    /// Writes the notices not sent before in one transaction (a quarter end opens thousands of reviews, each for several
    /// evaluators), then mails them. Returns how many were new.
    /// </summary>
    public async Task<int> NotifyAsync(IEnumerable<Notice> notices, CancellationToken ct)
    {
        var byKey = new Dictionary<string, Notice>();
        foreach (var n in notices) byKey.TryAdd(n.DedupKey, n);
        if (byKey.Count == 0) return 0;
        var keys = byKey.Keys.ToList();
        var known = (await db.Notifications.Where(n => keys.Contains(n.DedupKey)).Select(n => n.DedupKey).ToListAsync(ct)).ToHashSet();
        var fresh = byKey.Values.Where(n => !known.Contains(n.DedupKey)).ToList();
        if (fresh.Count == 0) return 0;

        var now = time.GetUtcNow();
        db.Notifications.AddRange(fresh.Select(n => new Notification
        {
            Id = Guid.CreateVersion7(), UserId = n.UserId, DedupKey = n.DedupKey, Kind = n.Kind, Link = n.Link, CreatedAt = now,
            Title = n.Title.Length > TitleLength ? n.Title[..(TitleLength - 1)] + "…" : n.Title,
        }));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (fresh.Count > 1)
        {
            // Another node sent some of them at the same moment: its rows stand; the rest are written one by one.
            db.ChangeTracker.Clear();
            var written = 0;
            foreach (var n in fresh) written += await NotifyAsync([n], ct);
            return written;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (await db.Notifications.AnyAsync(n => n.DedupKey == fresh[0].DedupKey, ct)) return 0; // sent by another node at the same moment
            throw;
        }

        await MailAsync(fresh, ct);
        try
        {
            await bus.Publish(new NoticesSent([.. fresh.Select(n => n.UserId).Distinct()]), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogLiveFailed(e); // the notices stand; open pages show them on their next load
        }
        return fresh.Count;
    }

    private async Task MailAsync(List<Notice> fresh, CancellationToken ct)
    {
        var ids = fresh.Select(n => n.UserId).Distinct().ToList();
        var emails = await db.Users.Where(u => ids.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        var emailOff = await db.NoticeSettings.AsNoTracking().Where(s => ids.Contains(s.UserId) && s.EmailOff.Count > 0)
            .ToDictionaryAsync(s => s.UserId, s => s.EmailOff, ct);
        foreach (var n in fresh)
        {
            if (!emails.TryGetValue(n.UserId, out var email)) continue;
            if (emailOff.TryGetValue(n.UserId, out var off) && off.Contains(n.Kind)) continue;
            var subject = NoticeKinds.Find(n.Kind)?.EmailSubject ?? n.Kind;
            var body = $"{n.Title}\n\n{portal.Value.Link(n.Link)}\n\n——\n工会服务项目采购平台。不想再收到“{subject}”的邮件，" +
                $"请在 {portal.Value.Link("/notifications/settings")} 关闭；站内通知照常保留。";
            try
            {
                await mail.SendAsync(email, $"{subject}：{n.Title}", body, ct);
            }
            catch (IOException e)
            {
                LogMailFailed(e, n.Kind); // the portal notification stands; mail is best effort
            }
        }
    }

    /// <summary>Members of an organization, or admins of a union, as recipients.</summary>
    public Task<List<Guid>> OrganizationMembersAsync(Guid organizationId, CancellationToken ct) =>
        db.Users.Where(u => u.OrganizationId == organizationId).Select(u => u.Id).ToListAsync(ct);

    public Task<List<Guid>> UnionAdminsAsync(Guid unionId, CancellationToken ct) =>
        db.Users.Where(u => u.UnionId == unionId).Select(u => u.Id).ToListAsync(ct);

    /// <summary>The admins of the union that owns a path (its last id).</summary>
    public Task<List<Guid>> UnionAdminsAsync(string unionPath, CancellationToken ct) =>
        UnionAdminsAsync(Guid.ParseExact(unionPath.TrimEnd('/').Split('/')[^1], "N"), ct);

    /// <summary>
    /// Who decides an organization's application: the admins of the nearest union whose region covers the organization's
    /// (its district's, else its city's, else the province's: the first that has any). Every union above may decide too
    /// (组织审核 lists it to them); telling the nearest keeps a province from hearing of every application of its cities.
    /// </summary>
    public async Task<List<Guid>> ApplicationDecidersAsync(Guid organizationId, CancellationToken ct)
    {
        var region = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.RegionCode).FirstOrDefaultAsync(ct);
        if (region is null) return [];
        var admins = await db.Users.Where(u => u.UnionId != null)
            .Join(db.Unions, u => u.UnionId, x => (Guid?)x.Id, (u, x) => new { u.Id, x.RegionCode }).ToListAsync(ct);
        return [.. admins.Where(a => Contact.RegionCovers(a.RegionCode, region)).GroupBy(a => Contact.RegionPrefix(a.RegionCode).Length)
            .OrderByDescending(g => g.Key).FirstOrDefault()?.Select(a => a.Id) ?? []];
    }

    /// <summary>Members of every organization with a live (not withdrawn) bid for the project, but <paramref name="except"/>.</summary>
    public Task<List<Guid>> BiddersAsync(Guid projectId, Guid? except, CancellationToken ct) =>
        db.Bids.Where(b => b.ProjectId == projectId && b.Status == BidStatus.Submitted && b.OrganizationId != except)
            .Join(db.Users, b => (Guid?)b.OrganizationId, u => u.OrganizationId, (b, u) => u.Id).Distinct().ToListAsync(ct);

    /// <summary>The evaluators of a project, but those who stood down for a conflict of interest.</summary>
    public Task<List<Guid>> EvaluatorsAsync(Guid projectId, CancellationToken ct) =>
        db.EvaluatorAssignments.Where(a => a.ProjectId == projectId && !a.ConflictDeclared).Select(a => a.EvaluatorId).ToListAsync(ct);

    /// <summary>
    /// Members of approved organizations who asked to hear of new projects in the project's category and one of its
    /// regions (an empty choice is any). Few people watch, so their choices are matched here rather than in SQL.
    /// </summary>
    public async Task<List<Guid>> ProjectWatchersAsync(Guid projectId, CancellationToken ct)
    {
        var project = await db.Projects.AsNoTracking().Where(p => p.Id == projectId).Select(p => new { p.Category, p.ServiceRegions }).SingleOrDefaultAsync(ct);
        if (project is null) return [];
        var watchers = await db.NoticeSettings.AsNoTracking().Where(s => s.WatchProjects)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s.UserId, s.WatchCategories, s.WatchRegions, u.OrganizationId })
            .Join(db.Organizations.Where(o => o.Status == OrganizationStatus.Approved), w => w.OrganizationId, o => (Guid?)o.Id, (w, _) => w)
            .ToListAsync(ct);
        return [.. watchers.Where(w => (w.WatchCategories.Count == 0 || w.WatchCategories.Contains(project.Category))
                && (w.WatchRegions.Count == 0 || project.ServiceRegions.Count == 0 || w.WatchRegions.Intersect(project.ServiceRegions).Any()))
            .Select(w => w.UserId)];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for {Kind} could not be written")]
    private partial void LogMailFailed(Exception e, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Open pages could not be told of new notices")]
    private partial void LogLiveFailed(Exception e);
}
