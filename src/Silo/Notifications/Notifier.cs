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
public sealed class FolderEmailSender(IConfiguration config, TimeProvider time) : IEmailSender
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

/// <summary>
/// Notifies people in the portal and by e-mail, each notification once: its dedup key is unique in the database, so a
/// job that runs again, or an event delivered twice, sends nothing more.
/// </summary>
public sealed partial class Notifier(ProcurementDb db, IEmailSender mail, TimeProvider time, ILogger<Notifier> log)
{
    /// <summary>Text of the e-mail per kind (the portal shows its own localized text from the kind).</summary>
    private static readonly Dictionary<string, string> Subjects = new()
    {
        ["milestone-due"] = "里程碑即将到期", ["milestone-overdue"] = "里程碑已逾期", ["milestone-rejected"] = "里程碑成果被退回",
        ["milestone-reported"] = "有待审核的里程碑成果", ["review-opened"] = "新的季度评估待评分", ["review-due"] = "季度评估即将截止",
        ["rectification-required"] = "合同进入整改", ["termination-recommended"] = "建议终止合同",
    };

    public const int TitleLength = 300;

    public async Task<int> NotifyAsync(IEnumerable<Guid> userIds, string kind, string subjectKey, string title, string link, CancellationToken ct)
    {
        if (title.Length > TitleLength) title = title[..(TitleLength - 1)] + "…";
        var sent = 0;
        foreach (var userId in userIds.Distinct())
        {
            var key = $"{kind}:{subjectKey}:{userId:N}";
            if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct)) continue;
            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(), UserId = userId, DedupKey = key, Kind = kind, Title = title, Link = link, CreatedAt = time.GetUtcNow(),
            });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                if (await db.Notifications.AnyAsync(n => n.DedupKey == key, ct)) continue; // sent by another node at the same moment
                throw;
            }
            sent++;
            var email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(ct);
            if (email is not null)
            {
                try
                {
                    await mail.SendAsync(email, $"{Subjects.GetValueOrDefault(kind, kind)}：{title}", $"{title}\n\n{link}", ct);
                }
                catch (IOException e)
                {
                    LogMailFailed(e, kind); // the portal notification stands; mail is best effort
                }
            }
        }
        return sent;
    }

    /// <summary>Members of an organization, or admins of a union, as recipients.</summary>
    public Task<List<Guid>> OrganizationMembersAsync(Guid organizationId, CancellationToken ct) =>
        db.Users.Where(u => u.OrganizationId == organizationId).Select(u => u.Id).ToListAsync(ct);

    public Task<List<Guid>> UnionAdminsAsync(Guid unionId, CancellationToken ct) =>
        db.Users.Where(u => u.UnionId == unionId).Select(u => u.Id).ToListAsync(ct);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for {Kind} could not be written")]
    private partial void LogMailFailed(Exception e, string kind);
}
