using Procurement.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
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

/// <summary>
/// Notifies people in the portal and by e-mail, each notification once: its dedup key is unique in the database, so a
/// job that runs again, or an event delivered twice, sends nothing more.
/// </summary>
public sealed partial class Notifier(ProcurementDb db, IEmailSender mail, [FromKeyedServices(DomainClock.Key)] TimeProvider time, ILogger<Notifier> log)
{
    /// <summary>Text of the e-mail per kind (the portal shows its own localized text from the kind).</summary>
    private static readonly Dictionary<string, string> Subjects = new()
    {
        ["milestone-due"] = "里程碑即将到期", ["milestone-overdue"] = "里程碑已逾期", ["milestone-rejected"] = "里程碑成果被退回",
        ["milestone-reported"] = "有待审核的里程碑成果", ["review-opened"] = "新的季度评估待评分", ["review-due"] = "季度评估即将截止",
        ["rectification-required"] = "合同进入整改", ["termination-recommended"] = "建议终止合同",
    };

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

        var ids = fresh.Select(n => n.UserId).Distinct().ToList();
        var emails = await db.Users.Where(u => ids.Contains(u.Id) && u.Email != null).ToDictionaryAsync(u => u.Id, u => u.Email!, ct);
        foreach (var n in fresh)
        {
            if (!emails.TryGetValue(n.UserId, out var email)) continue;
            try
            {
                await mail.SendAsync(email, $"{Subjects.GetValueOrDefault(n.Kind, n.Kind)}：{n.Title}", $"{n.Title}\n\n{n.Link}", ct);
            }
            catch (IOException e)
            {
                LogMailFailed(e, n.Kind); // the portal notification stands; mail is best effort
            }
        }
        return fresh.Count;
    }

    /// <summary>Members of an organization, or admins of a union, as recipients.</summary>
    public Task<List<Guid>> OrganizationMembersAsync(Guid organizationId, CancellationToken ct) =>
        db.Users.Where(u => u.OrganizationId == organizationId).Select(u => u.Id).ToListAsync(ct);

    public Task<List<Guid>> UnionAdminsAsync(Guid unionId, CancellationToken ct) =>
        db.Users.Where(u => u.UnionId == unionId).Select(u => u.Id).ToListAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for {Kind} could not be written")]
    private partial void LogMailFailed(Exception e, string kind);
}
