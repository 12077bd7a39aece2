using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Procurement.Contracts.Domain;
using Procurement.Storage.Entities;

namespace Procurement.Storage;

/// <summary>
/// The application database: aggregates, read tables, outbox, audit trail and Identity. One subclass per
/// provider keeps one migrations folder per provider (<see cref="SqliteProcurementDb"/>, <see cref="PostgresProcurementDb"/>,
/// <see cref="SqlServerProcurementDb"/>).
/// </summary>
public abstract class ProcurementDb(DbContextOptions options) : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Union> Unions => Set<Union>();
    public DbSet<Brand> Brands => Set<Brand>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Announcement> Announcements => Set<Announcement>();
    public DbSet<EvaluatorProfile> EvaluatorProfiles => Set<EvaluatorProfile>();
    public DbSet<EvaluatorTie> EvaluatorTies => Set<EvaluatorTie>();
    public DbSet<Bid> Bids => Set<Bid>();
    public DbSet<EvaluatorAssignment> EvaluatorAssignments => Set<EvaluatorAssignment>();
    public DbSet<BidScore> BidScores => Set<BidScore>();
    public DbSet<Contract> Contracts => Set<Contract>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();
    public DbSet<AuditEntry> AuditTrail => Set<AuditEntry>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<QuarterlyReview> QuarterlyReviews => Set<QuarterlyReview>();
    public DbSet<ReviewEvaluator> ReviewEvaluators => Set<ReviewEvaluator>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NoticeSettings> NoticeSettings => Set<NoticeSettings>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Need> Needs => Set<Need>();
    public DbSet<NeedSupport> NeedSupports => Set<NeedSupport>();
    public DbSet<WorkerProfile> WorkerProfiles => Set<WorkerProfile>();
    public DbSet<Feedback> Feedback => Set<Feedback>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        // One account per address. Identity's own check is off (workers may sign up with a number and no address), so the
        // database keeps it, also between two sign-ups running side by side.
        b.Entity<AppUser>().HasIndex(x => x.NormalizedEmail).HasDatabaseName("EmailIndex").IsUnique();

        b.Entity<Union>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Path).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.Path);
            e.HasIndex(x => x.ParentId);
        });
        b.Entity<Announcement>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.UnionPath).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(Procurement.Contracts.Grains.AnnouncementLimits.TitleLength);
            e.Property(x => x.Body).HasMaxLength(Procurement.Contracts.Grains.AnnouncementLimits.BodyLength);
            e.HasIndex(x => new { x.WithdrawnAt, x.PublishedAt });
            e.HasIndex(x => x.UnionPath);
        });
        b.Entity<Need>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.UnionPath).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(20);
            e.Property(x => x.Title).HasMaxLength(NeedCatalog.TitleLength);
            e.Property(x => x.Text).HasMaxLength(NeedCatalog.TextLength);
            e.Property(x => x.ForWhom).HasMaxLength(NeedCatalog.ForWhomLength);
            e.Property(x => x.Answer).HasMaxLength(NeedCatalog.AnswerLength);
            // The board: most supported first, walked from the top of this index until a page of matching needs is found.
            e.HasIndex(x => new { x.Supports, x.PostedAt });
            // The board of one category (its most common filter) walks only that category's needs, in the same order.
            e.HasIndex(x => new { x.Category, x.Supports, x.PostedAt });
            e.HasIndex(x => new { x.UnionPath, x.Status });
            e.HasIndex(x => x.AuthorId);
            e.HasIndex(x => x.ProjectId);
        });
        b.Entity<NeedSupport>(e =>
        {
            e.HasKey(x => new { x.NeedId, x.UserId });
            e.Property(x => x.Comment).HasMaxLength(NeedCatalog.CommentLength);
            e.HasIndex(x => x.UserId);
            e.HasIndex(x => new { x.NeedId, x.At });
            e.HasIndex(x => x.MergedFromId);
        });
        b.Entity<WorkerProfile>(e =>
        {
            e.HasKey(x => x.UserId);
            e.HasIndex(x => x.UnionId);
        });
        b.Entity<Feedback>(e =>
        {
            e.Property(x => x.Quarter).HasMaxLength(6);
            e.Property(x => x.Improve).HasMaxLength(FeedbackLimits.ImproveLength);
            e.Property(x => x.DeviceKey).HasMaxLength(64);
            e.HasIndex(x => new { x.ContractId, x.Quarter });
            e.HasIndex(x => new { x.ContractId, x.DeviceKey, x.At });
        });
        b.Entity<EvaluatorProfile>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasMany(x => x.Ties).WithOne().HasForeignKey(x => x.EvaluatorId);
        });
        b.Entity<EvaluatorTie>(e =>
        {
            e.HasKey(x => new { x.EvaluatorId, x.OrganizationId });
            e.Property(x => x.Nature).HasMaxLength(Procurement.Contracts.Grains.EvaluatorLimits.NatureLength);
            e.HasIndex(x => x.OrganizationId);
        });
        b.Entity<Brand>(e =>
        {
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Description).HasMaxLength(2000);
            e.HasIndex(x => x.UnionId);
        });

        b.Entity<Organization>(e =>
        {
            e.ComplexCollection(x => x.Documents, c => c.ToJson());
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.Name).HasMaxLength(100);
            e.Property(x => x.Uscc).HasMaxLength(18);
            e.Property(x => x.RegionCode).HasMaxLength(6);
            e.Property(x => x.Description).HasMaxLength(4000);
            e.Property(x => x.ContactName).HasMaxLength(50);
            e.Property(x => x.ContactPhone).HasMaxLength(30);
            e.Property(x => x.RejectionReason).HasMaxLength(FieldChecks.ReasonLength);
            e.HasIndex(x => x.Uscc).IsUnique();
            e.HasIndex(x => new { x.Status, x.Name });
            e.HasIndex(x => new { x.Status, x.RegionCode });
        });

        b.Entity<Project>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.UnionPath).HasMaxLength(200);
            e.Property(x => x.Category).HasMaxLength(50);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.Description).HasMaxLength(8000);
            e.Property(x => x.AwardReason).HasMaxLength(2000);
            e.ComplexCollection(x => x.Criteria, c => c.ToJson());
            e.ComplexCollection(x => x.Amendments, c => c.ToJson());
            e.ComplexCollection(x => x.Objections, c => c.ToJson());
            e.ComplexCollection(x => x.Documents, c => c.ToJson());
            e.Property(x => x.CancelReason).HasMaxLength(FieldChecks.ReasonLength);
            e.HasMany(x => x.Bids).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasMany(x => x.Evaluators).WithOne().HasForeignKey(x => x.ProjectId);
            e.HasIndex(x => new { x.Status, x.BidClosesAt });
            e.HasIndex(x => new { x.UnionPath, x.Status });
            e.HasIndex(x => x.BrandId);
            e.HasIndex(x => x.Category);
        });
        b.Entity<Bid>(e =>
        {
            e.Property(x => x.Plan).HasMaxLength(8000);
            e.Property(x => x.Team).HasMaxLength(2000);
            e.ComplexCollection(x => x.BudgetLines, c => c.ToJson());
            e.ComplexCollection(x => x.Milestones, c => c.ToJson());
            e.ComplexCollection(x => x.Documents, c => c.ToJson());
            e.HasMany(x => x.Scores).WithOne().HasForeignKey(x => x.BidId);
            e.HasIndex(x => new { x.ProjectId, x.OrganizationId });
            e.HasIndex(x => x.OrganizationId);
        });
        b.Entity<EvaluatorAssignment>(e =>
        {
            e.HasKey(x => new { x.ProjectId, x.EvaluatorId });
            e.HasIndex(x => x.EvaluatorId);
        });
        b.Entity<BidScore>(e =>
        {
            e.HasKey(x => new { x.BidId, x.EvaluatorId });
            e.ComplexCollection(x => x.Scores, c => c.ToJson());
        });

        b.Entity<Contract>(e =>
        {
            e.Property(x => x.Version).IsConcurrencyToken();
            e.Property(x => x.UnionPath).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.RectificationReport).HasMaxLength(8000);
            e.HasMany(x => x.Milestones).WithOne().HasForeignKey(x => x.ContractId);
            e.HasMany(x => x.Reviews).WithOne().HasForeignKey(x => x.ContractId);
            e.HasIndex(x => new { x.UnionPath, x.Status });
            e.HasIndex(x => new { x.OrganizationId, x.Status });
            e.HasIndex(x => x.ProjectId).IsUnique();
        });
        b.Entity<Milestone>(e =>
        {
            e.Property(x => x.Deliverable).HasMaxLength(500);
            e.Property(x => x.Narrative).HasMaxLength(8000);
            e.Property(x => x.RejectionReason).HasMaxLength(FieldChecks.ReasonLength);
            e.HasMany(x => x.Evidence).WithOne().HasForeignKey(x => x.MilestoneId);
            e.HasIndex(x => new { x.Status, x.DueDate });
        });
        b.Entity<EvidenceFile>(e =>
        {
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.Sha256).HasMaxLength(64);
        });
        b.Entity<QuarterlyReview>(e =>
        {
            e.Property(x => x.Quarter).HasMaxLength(6);
            e.HasMany(x => x.Evaluators).WithOne().HasForeignKey(x => x.ReviewId);
            e.HasIndex(x => new { x.ContractId, x.Quarter }).IsUnique();
            e.HasIndex(x => new { x.Status, x.DueAt });
        });
        b.Entity<ReviewEvaluator>(e =>
        {
            e.HasKey(x => new { x.ReviewId, x.EvaluatorId });
            e.HasIndex(x => x.EvaluatorId);
        });
        b.Entity<Notification>(e =>
        {
            e.Property(x => x.DedupKey).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.Title).HasMaxLength(300);
            e.Property(x => x.Link).HasMaxLength(300);
            e.HasIndex(x => x.DedupKey).IsUnique();
            e.HasIndex(x => new { x.UserId, x.CreatedAt });
            e.HasIndex(x => new { x.UserId, x.ReadAt });
        });
        b.Entity<NoticeSettings>(e =>
        {
            e.HasKey(x => x.UserId);
            e.HasIndex(x => x.WatchProjects);
        });

        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("Outbox");
            e.Property(x => x.Type).HasMaxLength(200);
            e.HasIndex(x => new { x.SentAt, x.OccurredAt });
        });
        b.Entity<ProcessedMessage>(e =>
        {
            e.HasKey(x => new { x.Consumer, x.MessageId });
            e.Property(x => x.Consumer).HasMaxLength(200);
        });
        b.Entity<AuditEntry>(e =>
        {
            e.ToTable("AuditTrail");
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => new { x.AggregateId, x.Sequence }).IsUnique();
        });
        b.Entity<Activity>(e =>
        {
            e.Property(x => x.Kind).HasMaxLength(100);
            e.Property(x => x.UnionPath).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(300);
            e.HasIndex(x => new { x.UnionPath, x.At });
            e.HasIndex(x => new { x.OrganizationId, x.At });
        });
        b.Entity<DataProtectionKey>(e => e.Property(x => x.FriendlyName).HasMaxLength(200));
        b.Entity<JobRun>(e =>
        {
            e.Property(x => x.JobName).HasMaxLength(200);
            e.Property(x => x.Node).HasMaxLength(200);
            e.Property(x => x.Summary).HasMaxLength(2000);
            e.HasIndex(x => new { x.JobName, x.StartedAt });
        });
    }
}

/// <summary>SQLite, the embedded default. DateTimeOffset is stored as a sortable integer because SQLite cannot compare its text form.</summary>
public sealed class SqliteProcurementDb(DbContextOptions<SqliteProcurementDb> options) : ProcurementDb(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder c)
    {
        c.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        c.Properties<DateTimeOffset?>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }
}

/// <summary>PostgreSQL, the server database CI runs.</summary>
public sealed class PostgresProcurementDb(DbContextOptions<PostgresProcurementDb> options) : ProcurementDb(options);

/// <summary>
/// SQL Server (2022, compatibility level 160), the card's production database. The model's own choices already suit it:
/// money in <c>bigint</c> fen, <c>datetimeoffset</c> times, <c>nvarchar(n)</c> for every indexed text (the union path
/// among them, so its prefix searches use the index), JSON collections in <c>nvarchar(max)</c>, and the application's
/// <c>Version</c> column as the concurrency token (docs/adr/ADR-003-sql-server.md says why not <c>rowversion</c>).
/// </summary>
public sealed class SqlServerProcurementDb(DbContextOptions<SqlServerProcurementDb> options) : ProcurementDb(options)
{
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        // Identity's external-login and token keys are two nvarchar(450) columns by default: 1,800 bytes, over the 900 a
        // clustered key may hold. 128 characters each, as Identity's own MaxLengthForKeys option sets them.
        b.Entity<IdentityUserLogin<Guid>>(e =>
        {
            e.Property(x => x.LoginProvider).HasMaxLength(128);
            e.Property(x => x.ProviderKey).HasMaxLength(128);
        });
        b.Entity<IdentityUserToken<Guid>>(e =>
        {
            e.Property(x => x.LoginProvider).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(128);
        });
    }
}
