using Microsoft.EntityFrameworkCore;
using Procurement.Contracts.Api;
using Procurement.Contracts.Domain;
using Procurement.Contracts.Grains;
using Procurement.Silo.Tests.Delivery;
using Procurement.Silo.Tests.Infrastructure;

namespace Procurement.Silo.Tests.Grains;

/// <summary>An announcement's rules: for the publisher's subtree, every field checked at once, its union fixed, withdrawn once.</summary>
public sealed class AnnouncementGrainTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, ChinaTime.Offset);

    private static async Task<RuleViolation> Refused(Func<Task> call) => await Assert.ThrowsAsync<RuleViolation>(call);

    [Fact]
    public async Task A_union_publishes_corrects_and_withdraws_its_announcement_and_each_step_is_audited()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var id = Guid.NewGuid();
        var grain = world.Node.Grains.GetGrain<IAnnouncementGrain>(id);
        await grain.Publish(new AnnouncementDraft(world.Union.Id, AnnouncementKind.Notice, "  关于申报的通知  ", "请按时申报。"), world.Admin);
        // The same publication again (a retry) changes nothing.
        await grain.Publish(new AnnouncementDraft(world.Union.Id, AnnouncementKind.Notice, "关于申报的通知", "请按时申报。"), world.Admin);
        world.Clock.Advance(TimeSpan.FromHours(2));
        await grain.Update(new AnnouncementDraft(world.Union.Id, AnnouncementKind.Guide, "关于申报的通知（更正）", "请于月底前申报。"), world.Admin);
        await grain.Withdraw(world.Admin);
        await grain.Withdraw(world.Admin);

        var stored = await world.Node.DbAsync(db => db.Announcements.AsNoTracking().SingleAsync(a => a.Id == id, TestContext.Current.CancellationToken));
        Assert.Equal((AnnouncementKind.Guide, "关于申报的通知（更正）", "请于月底前申报。", world.Union.Path), (stored.Kind, stored.Title, stored.Body, stored.UnionPath));
        Assert.Equal((Start, Start.AddHours(2), Start.AddHours(2)), (stored.PublishedAt, stored.UpdatedAt!.Value, stored.WithdrawnAt!.Value));
        Assert.Equal(["AnnouncementPublished", "AnnouncementUpdated", "AnnouncementWithdrawn"], await world.Node.DbAsync(db =>
            db.AuditTrail.Where(a => a.AggregateId == id).OrderBy(a => a.Sequence).Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Every_bad_field_is_refused_at_once_and_only_the_unions_above_publish_or_change()
    {
        await using var world = await DeliveryWorld.StartAsync(Start);
        var grain = world.Node.Grains.GetGrain<IAnnouncementGrain>(Guid.NewGuid());

        var bad = await Refused(() => grain.Publish(new AnnouncementDraft(world.Union.Id, 0, " ", new string('文', AnnouncementLimits.BodyLength + 1)), world.Admin));
        Assert.Equal(["body", "kind", "title"], bad.Errors.Keys.Order());
        Assert.Equal("invalid", (await Refused(() => grain.Publish(new AnnouncementDraft(world.Union.Id, (AnnouncementKind)9, "标题", "正文"), world.Admin))).Errors["kind"].Single());
        var other = Seed.Admin(await Seed.UnionAsync(world.Node));
        Assert.Equal("announcement.union_forbidden", (await Refused(() => grain.Publish(new AnnouncementDraft(world.Union.Id, AnnouncementKind.Notice, "标题", "正文"), other))).Code);
        Assert.Equal("announcement.not_found", (await Refused(() => grain.Withdraw(world.Admin))).Code);

        await grain.Publish(new AnnouncementDraft(world.Union.Id, AnnouncementKind.Policy, "资金管理办法", "专款专用。"), world.Admin);
        Assert.Equal("announcement.not_found", (await Refused(() => grain.Withdraw(other))).Code);
        Assert.Equal("announcement.union_only", (await Refused(() => grain.Withdraw(world.Members[0]))).Code);
        Assert.Equal(["unionId"], (await Refused(() => grain.Update(new AnnouncementDraft(other.UnionId!.Value, AnnouncementKind.Policy, "资金管理办法", "专款专用。"), world.Admin))).Errors.Keys);
        Assert.Equal(1, await world.Node.DbAsync(db => db.Announcements.CountAsync(a => a.WithdrawnAt == null, TestContext.Current.CancellationToken)));
    }
}
