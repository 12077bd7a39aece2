IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Activities] (
        [Id] uniqueidentifier NOT NULL,
        [At] datetimeoffset NOT NULL,
        [Kind] nvarchar(100) NOT NULL,
        [UnionPath] nvarchar(200) NOT NULL,
        [OrganizationId] uniqueidentifier NULL,
        [ProjectId] uniqueidentifier NULL,
        [ContractId] uniqueidentifier NULL,
        [Title] nvarchar(300) NOT NULL,
        [IsPublic] bit NOT NULL,
        CONSTRAINT [PK_Activities] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoles] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(256) NULL,
        [NormalizedName] nvarchar(256) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetUsers] (
        [Id] uniqueidentifier NOT NULL,
        [DisplayName] nvarchar(max) NOT NULL,
        [UnionId] uniqueidentifier NULL,
        [OrganizationId] uniqueidentifier NULL,
        [UserName] nvarchar(256) NULL,
        [NormalizedUserName] nvarchar(256) NULL,
        [Email] nvarchar(256) NULL,
        [NormalizedEmail] nvarchar(256) NULL,
        [EmailConfirmed] bit NOT NULL,
        [PasswordHash] nvarchar(max) NULL,
        [SecurityStamp] nvarchar(max) NULL,
        [ConcurrencyStamp] nvarchar(max) NULL,
        [PhoneNumber] nvarchar(max) NULL,
        [PhoneNumberConfirmed] bit NOT NULL,
        [TwoFactorEnabled] bit NOT NULL,
        [LockoutEnd] datetimeoffset NULL,
        [LockoutEnabled] bit NOT NULL,
        [AccessFailedCount] int NOT NULL,
        CONSTRAINT [PK_AspNetUsers] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AuditTrail] (
        [Id] bigint NOT NULL IDENTITY,
        [AggregateId] uniqueidentifier NOT NULL,
        [Sequence] int NOT NULL,
        [At] datetimeoffset NOT NULL,
        [ActorId] uniqueidentifier NULL,
        [Action] nvarchar(100) NOT NULL,
        [Data] nvarchar(max) NOT NULL,
        [PreviousHash] nvarchar(64) NOT NULL,
        [Hash] nvarchar(64) NOT NULL,
        CONSTRAINT [PK_AuditTrail] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Brands] (
        [Id] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Description] nvarchar(2000) NOT NULL,
        CONSTRAINT [PK_Brands] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Contracts] (
        [Id] uniqueidentifier NOT NULL,
        [ProjectId] uniqueidentifier NOT NULL,
        [BidId] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [UnionPath] nvarchar(200) NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [AmountFen] bigint NOT NULL,
        [PaidFen] bigint NOT NULL,
        [TargetBeneficiaries] int NOT NULL,
        [TargetSessions] int NOT NULL,
        [BeneficiariesServed] int NOT NULL,
        [SessionsHeld] int NOT NULL,
        [PeriodStart] date NOT NULL,
        [PeriodEnd] date NOT NULL,
        [Status] int NOT NULL,
        [SignedAt] datetimeoffset NOT NULL,
        [ExpenditureFen] bigint NOT NULL,
        [ConsecutiveFails] int NOT NULL,
        [TerminationRecommended] bit NOT NULL,
        [RectificationReport] nvarchar(max) NULL,
        [RectificationSubmittedAt] datetimeoffset NULL,
        [CompletedAt] datetimeoffset NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_Contracts] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [DataProtectionKeys] (
        [Id] int NOT NULL IDENTITY,
        [FriendlyName] nvarchar(200) NULL,
        [Xml] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_DataProtectionKeys] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [JobRuns] (
        [Id] bigint NOT NULL IDENTITY,
        [JobName] nvarchar(200) NOT NULL,
        [Node] nvarchar(200) NOT NULL,
        [StartedAt] datetimeoffset NOT NULL,
        [FinishedAt] datetimeoffset NOT NULL,
        [Succeeded] bit NOT NULL,
        [Summary] nvarchar(2000) NOT NULL,
        CONSTRAINT [PK_JobRuns] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Notifications] (
        [Id] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [DedupKey] nvarchar(200) NOT NULL,
        [Kind] nvarchar(100) NOT NULL,
        [Title] nvarchar(300) NOT NULL,
        [Link] nvarchar(300) NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [ReadAt] datetimeoffset NULL,
        CONSTRAINT [PK_Notifications] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Organizations] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [Kind] int NOT NULL,
        [Uscc] nvarchar(18) NULL,
        [RegionCode] nvarchar(6) NOT NULL,
        [Description] nvarchar(4000) NOT NULL,
        [ServiceDomains] nvarchar(max) NOT NULL,
        [ServiceRegions] nvarchar(max) NOT NULL,
        [CertifiedSocialWorkers] int NOT NULL,
        [Volunteers] int NOT NULL,
        [ContactName] nvarchar(50) NOT NULL,
        [ContactPhone] nvarchar(30) NOT NULL,
        [Status] int NOT NULL,
        [ApprovedByUnionId] uniqueidentifier NULL,
        [RegisteredAt] datetimeoffset NOT NULL,
        [ApprovedAt] datetimeoffset NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_Organizations] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Outbox] (
        [Id] uniqueidentifier NOT NULL,
        [Type] nvarchar(200) NOT NULL,
        [Payload] nvarchar(max) NOT NULL,
        [AggregateId] uniqueidentifier NOT NULL,
        [OccurredAt] datetimeoffset NOT NULL,
        [SentAt] datetimeoffset NULL,
        [LockedUntil] datetimeoffset NULL,
        [LockToken] uniqueidentifier NULL,
        CONSTRAINT [PK_Outbox] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [ProcessedMessages] (
        [Consumer] nvarchar(200) NOT NULL,
        [MessageId] uniqueidentifier NOT NULL,
        [ProcessedAt] datetimeoffset NOT NULL,
        [Result] nvarchar(max) NULL,
        CONSTRAINT [PK_ProcessedMessages] PRIMARY KEY ([Consumer], [MessageId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Projects] (
        [Id] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [UnionPath] nvarchar(200) NOT NULL,
        [BrandId] uniqueidentifier NULL,
        [Category] nvarchar(50) NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Description] nvarchar(max) NOT NULL,
        [TargetGroups] nvarchar(max) NOT NULL,
        [ServiceRegions] nvarchar(max) NOT NULL,
        [BudgetFen] bigint NOT NULL,
        [ProvincialFundingFen] bigint NOT NULL,
        [LocalFundingFen] bigint NOT NULL,
        [OtherFundingFen] bigint NOT NULL,
        [TargetBeneficiaries] int NOT NULL,
        [TargetSessions] int NOT NULL,
        [RegisteredOnly] bit NOT NULL,
        [MinCertifiedSocialWorkers] int NOT NULL,
        [BidOpensAt] datetimeoffset NOT NULL,
        [BidClosesAt] datetimeoffset NOT NULL,
        [ServiceStart] date NOT NULL,
        [ServiceEnd] date NOT NULL,
        [Status] int NOT NULL,
        [BidCount] int NOT NULL,
        [AwardedBidId] uniqueidentifier NULL,
        [ContractId] uniqueidentifier NULL,
        [AwardReason] nvarchar(2000) NULL,
        [CreatedBy] uniqueidentifier NOT NULL,
        [CreatedAt] datetimeoffset NOT NULL,
        [PublishedAt] datetimeoffset NULL,
        [ClosedAt] datetimeoffset NULL,
        [Version] bigint NOT NULL,
        [Criteria] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_Projects] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Unions] (
        [Id] uniqueidentifier NOT NULL,
        [Name] nvarchar(100) NOT NULL,
        [NameEn] nvarchar(200) NOT NULL,
        [Level] int NOT NULL,
        [ParentId] uniqueidentifier NULL,
        [RegionCode] nvarchar(6) NOT NULL,
        [Path] nvarchar(200) NOT NULL,
        [ReviewWeights] nvarchar(max) NULL,
        CONSTRAINT [PK_Unions] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetRoleClaims] (
        [Id] int NOT NULL IDENTITY,
        [RoleId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetRoleClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetRoleClaims_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserClaims] (
        [Id] int NOT NULL IDENTITY,
        [UserId] uniqueidentifier NOT NULL,
        [ClaimType] nvarchar(max) NULL,
        [ClaimValue] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserClaims] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_AspNetUserClaims_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserLogins] (
        [LoginProvider] nvarchar(128) NOT NULL,
        [ProviderKey] nvarchar(128) NOT NULL,
        [ProviderDisplayName] nvarchar(max) NULL,
        [UserId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserLogins] PRIMARY KEY ([LoginProvider], [ProviderKey]),
        CONSTRAINT [FK_AspNetUserLogins_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserRoles] (
        [UserId] uniqueidentifier NOT NULL,
        [RoleId] uniqueidentifier NOT NULL,
        CONSTRAINT [PK_AspNetUserRoles] PRIMARY KEY ([UserId], [RoleId]),
        CONSTRAINT [FK_AspNetUserRoles_AspNetRoles_RoleId] FOREIGN KEY ([RoleId]) REFERENCES [AspNetRoles] ([Id]) ON DELETE CASCADE,
        CONSTRAINT [FK_AspNetUserRoles_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [AspNetUserTokens] (
        [UserId] uniqueidentifier NOT NULL,
        [LoginProvider] nvarchar(128) NOT NULL,
        [Name] nvarchar(128) NOT NULL,
        [Value] nvarchar(max) NULL,
        CONSTRAINT [PK_AspNetUserTokens] PRIMARY KEY ([UserId], [LoginProvider], [Name]),
        CONSTRAINT [FK_AspNetUserTokens_AspNetUsers_UserId] FOREIGN KEY ([UserId]) REFERENCES [AspNetUsers] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Milestones] (
        [Id] uniqueidentifier NOT NULL,
        [ContractId] uniqueidentifier NOT NULL,
        [Sequence] int NOT NULL,
        [Deliverable] nvarchar(500) NOT NULL,
        [DueDate] date NOT NULL,
        [SharePercent] int NOT NULL,
        [Status] int NOT NULL,
        [ReportedAt] datetimeoffset NULL,
        [VerifiedAt] datetimeoffset NULL,
        [ReportedBeneficiaries] int NOT NULL,
        [ReportedSessions] int NOT NULL,
        [ReportedExpenditureFen] bigint NOT NULL,
        [Narrative] nvarchar(max) NOT NULL,
        [RejectionReason] nvarchar(2000) NULL,
        [PaidFen] bigint NOT NULL,
        CONSTRAINT [PK_Milestones] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Milestones_Contracts_ContractId] FOREIGN KEY ([ContractId]) REFERENCES [Contracts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [QuarterlyReviews] (
        [Id] uniqueidentifier NOT NULL,
        [ContractId] uniqueidentifier NOT NULL,
        [Quarter] nvarchar(6) NOT NULL,
        [OpenedAt] datetimeoffset NOT NULL,
        [DueAt] datetimeoffset NOT NULL,
        [Status] int NOT NULL,
        [Weights] nvarchar(max) NOT NULL,
        [ScoreCentipoints] int NULL,
        [Grade] int NULL,
        [CompletedAt] datetimeoffset NULL,
        CONSTRAINT [PK_QuarterlyReviews] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_QuarterlyReviews_Contracts_ContractId] FOREIGN KEY ([ContractId]) REFERENCES [Contracts] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [Bids] (
        [Id] uniqueidentifier NOT NULL,
        [ProjectId] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Status] int NOT NULL,
        [Plan] nvarchar(max) NOT NULL,
        [AmountFen] bigint NOT NULL,
        [TargetBeneficiaries] int NOT NULL,
        [TargetSessions] int NOT NULL,
        [Team] nvarchar(2000) NOT NULL,
        [SubmittedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NOT NULL,
        [BudgetLines] nvarchar(max) NOT NULL,
        [Milestones] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_Bids] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_Bids_Projects_ProjectId] FOREIGN KEY ([ProjectId]) REFERENCES [Projects] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [EvaluatorAssignments] (
        [ProjectId] uniqueidentifier NOT NULL,
        [EvaluatorId] uniqueidentifier NOT NULL,
        [AssignedAt] datetimeoffset NOT NULL,
        [DeclaredNoConflictAt] datetimeoffset NULL,
        [ConflictDeclared] bit NOT NULL,
        CONSTRAINT [PK_EvaluatorAssignments] PRIMARY KEY ([ProjectId], [EvaluatorId]),
        CONSTRAINT [FK_EvaluatorAssignments_Projects_ProjectId] FOREIGN KEY ([ProjectId]) REFERENCES [Projects] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [EvidenceFiles] (
        [Id] uniqueidentifier NOT NULL,
        [MilestoneId] uniqueidentifier NOT NULL,
        [FileName] nvarchar(200) NOT NULL,
        [ContentType] nvarchar(100) NOT NULL,
        [SizeBytes] bigint NOT NULL,
        [Sha256] nvarchar(64) NOT NULL,
        [UploadedAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_EvidenceFiles] PRIMARY KEY ([Id]),
        CONSTRAINT [FK_EvidenceFiles_Milestones_MilestoneId] FOREIGN KEY ([MilestoneId]) REFERENCES [Milestones] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [ReviewEvaluators] (
        [ReviewId] uniqueidentifier NOT NULL,
        [EvaluatorId] uniqueidentifier NOT NULL,
        [DeclaredNoConflictAt] datetimeoffset NULL,
        [ConflictDeclared] bit NOT NULL,
        [Scores] nvarchar(max) NOT NULL,
        [TotalCentipoints] int NULL,
        [ScoredAt] datetimeoffset NULL,
        CONSTRAINT [PK_ReviewEvaluators] PRIMARY KEY ([ReviewId], [EvaluatorId]),
        CONSTRAINT [FK_ReviewEvaluators_QuarterlyReviews_ReviewId] FOREIGN KEY ([ReviewId]) REFERENCES [QuarterlyReviews] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE TABLE [BidScores] (
        [BidId] uniqueidentifier NOT NULL,
        [EvaluatorId] uniqueidentifier NOT NULL,
        [TotalCentipoints] int NOT NULL,
        [ScoredAt] datetimeoffset NOT NULL,
        [Scores] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_BidScores] PRIMARY KEY ([BidId], [EvaluatorId]),
        CONSTRAINT [FK_BidScores_Bids_BidId] FOREIGN KEY ([BidId]) REFERENCES [Bids] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_OrganizationId_At] ON [Activities] ([OrganizationId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Activities_UnionPath_At] ON [Activities] ([UnionPath], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetRoleClaims_RoleId] ON [AspNetRoleClaims] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [RoleNameIndex] ON [AspNetRoles] ([NormalizedName]) WHERE [NormalizedName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserClaims_UserId] ON [AspNetUserClaims] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserLogins_UserId] ON [AspNetUserLogins] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_AspNetUserRoles_RoleId] ON [AspNetUserRoles] ([RoleId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [UserNameIndex] ON [AspNetUsers] ([NormalizedUserName]) WHERE [NormalizedUserName] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_AuditTrail_AggregateId_Sequence] ON [AuditTrail] ([AggregateId], [Sequence]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Bids_OrganizationId] ON [Bids] ([OrganizationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Bids_ProjectId_OrganizationId] ON [Bids] ([ProjectId], [OrganizationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Brands_UnionId] ON [Brands] ([UnionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Contracts_OrganizationId_Status] ON [Contracts] ([OrganizationId], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Contracts_ProjectId] ON [Contracts] ([ProjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Contracts_UnionPath_Status] ON [Contracts] ([UnionPath], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_EvaluatorAssignments_EvaluatorId] ON [EvaluatorAssignments] ([EvaluatorId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_EvidenceFiles_MilestoneId] ON [EvidenceFiles] ([MilestoneId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_JobRuns_JobName_StartedAt] ON [JobRuns] ([JobName], [StartedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Milestones_ContractId] ON [Milestones] ([ContractId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Milestones_Status_DueDate] ON [Milestones] ([Status], [DueDate]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_Notifications_DedupKey] ON [Notifications] ([DedupKey]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Notifications_UserId_CreatedAt] ON [Notifications] ([UserId], [CreatedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Organizations_Status_Name] ON [Organizations] ([Status], [Name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_Organizations_Uscc] ON [Organizations] ([Uscc]) WHERE [Uscc] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Outbox_SentAt_OccurredAt] ON [Outbox] ([SentAt], [OccurredAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Projects_BrandId] ON [Projects] ([BrandId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Projects_Category] ON [Projects] ([Category]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Projects_Status_BidClosesAt] ON [Projects] ([Status], [BidClosesAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Projects_UnionPath_Status] ON [Projects] ([UnionPath], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_QuarterlyReviews_ContractId_Quarter] ON [QuarterlyReviews] ([ContractId], [Quarter]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_QuarterlyReviews_Status_DueAt] ON [QuarterlyReviews] ([Status], [DueAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_ReviewEvaluators_EvaluatorId] ON [ReviewEvaluators] ([EvaluatorId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Unions_ParentId] ON [Unions] ([ParentId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    CREATE INDEX [IX_Unions_Path] ON [Unions] ([Path]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261202190851_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261202190851_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205021700_NoticeSettings'
)
BEGIN
    CREATE TABLE [NoticeSettings] (
        [UserId] uniqueidentifier NOT NULL,
        [EmailOff] nvarchar(max) NOT NULL,
        [WatchProjects] bit NOT NULL,
        [WatchCategories] nvarchar(max) NOT NULL,
        [WatchRegions] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_NoticeSettings] PRIMARY KEY ([UserId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205021700_NoticeSettings'
)
BEGIN
    CREATE INDEX [IX_Notifications_UserId_ReadAt] ON [Notifications] ([UserId], [ReadAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205021700_NoticeSettings'
)
BEGIN
    CREATE INDEX [IX_NoticeSettings_WatchProjects] ON [NoticeSettings] ([WatchProjects]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205021700_NoticeSettings'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205021700_NoticeSettings', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205023354_OrganizationApplications'
)
BEGIN
    ALTER TABLE [Organizations] ADD [RejectedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205023354_OrganizationApplications'
)
BEGIN
    ALTER TABLE [Organizations] ADD [RejectedByUnionId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205023354_OrganizationApplications'
)
BEGIN
    ALTER TABLE [Organizations] ADD [RejectionReason] nvarchar(2000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205023354_OrganizationApplications'
)
BEGIN
    CREATE INDEX [IX_Organizations_Status_RegionCode] ON [Organizations] ([Status], [RegionCode]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205023354_OrganizationApplications'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205023354_OrganizationApplications', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205025148_ProjectCorrections'
)
BEGIN
    ALTER TABLE [Projects] ADD [Amendments] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205025148_ProjectCorrections'
)
BEGIN
    ALTER TABLE [Projects] ADD [CancelReason] nvarchar(2000) NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205025148_ProjectCorrections'
)
BEGIN
    ALTER TABLE [Projects] ADD [CancelledAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205025148_ProjectCorrections'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205025148_ProjectCorrections', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030154_ReviewComments'
)
BEGIN
    ALTER TABLE [ReviewEvaluators] ADD [Comments] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205030154_ReviewComments'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205030154_ReviewComments', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Unions] ADD [AwardPublicityWorkingDays] int NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Unions] ADD [Version] bigint NOT NULL DEFAULT CAST(0 AS bigint);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Projects] ADD [AwardProposedAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Projects] ADD [Objections] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Projects] ADD [OpenObjections] int NOT NULL DEFAULT 0;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    ALTER TABLE [Projects] ADD [PublicityEndsAt] datetimeoffset NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205062456_AwardPublicity'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205062456_AwardPublicity', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205070604_Announcements'
)
BEGIN
    CREATE TABLE [Announcements] (
        [Id] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [UnionPath] nvarchar(200) NOT NULL,
        [Kind] int NOT NULL,
        [Title] nvarchar(200) NOT NULL,
        [Body] nvarchar(max) NOT NULL,
        [PublishedBy] uniqueidentifier NOT NULL,
        [PublishedAt] datetimeoffset NOT NULL,
        [UpdatedAt] datetimeoffset NULL,
        [WithdrawnAt] datetimeoffset NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_Announcements] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205070604_Announcements'
)
BEGIN
    CREATE INDEX [IX_Announcements_UnionPath] ON [Announcements] ([UnionPath]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205070604_Announcements'
)
BEGIN
    CREATE INDEX [IX_Announcements_WithdrawnAt_PublishedAt] ON [Announcements] ([WithdrawnAt], [PublishedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205070604_Announcements'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205070604_Announcements', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071517_EvaluatorTies'
)
BEGIN
    CREATE TABLE [EvaluatorProfiles] (
        [Id] uniqueidentifier NOT NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_EvaluatorProfiles] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071517_EvaluatorTies'
)
BEGIN
    CREATE TABLE [EvaluatorTies] (
        [EvaluatorId] uniqueidentifier NOT NULL,
        [OrganizationId] uniqueidentifier NOT NULL,
        [Nature] nvarchar(200) NOT NULL,
        [DeclaredAt] datetimeoffset NOT NULL,
        CONSTRAINT [PK_EvaluatorTies] PRIMARY KEY ([EvaluatorId], [OrganizationId]),
        CONSTRAINT [FK_EvaluatorTies_EvaluatorProfiles_EvaluatorId] FOREIGN KEY ([EvaluatorId]) REFERENCES [EvaluatorProfiles] ([Id]) ON DELETE CASCADE
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071517_EvaluatorTies'
)
BEGIN
    CREATE INDEX [IX_EvaluatorTies_OrganizationId] ON [EvaluatorTies] ([OrganizationId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205071517_EvaluatorTies'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205071517_EvaluatorTies', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205073945_Documents'
)
BEGIN
    ALTER TABLE [Projects] ADD [Documents] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205073945_Documents'
)
BEGIN
    ALTER TABLE [Bids] ADD [Documents] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205073945_Documents'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205073945_Documents', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205074721_OrganizationDocuments'
)
BEGIN
    ALTER TABLE [Organizations] ADD [Documents] nvarchar(max) NOT NULL DEFAULT N'[]';
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205074721_OrganizationDocuments'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205074721_OrganizationDocuments', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE TABLE [Feedback] (
        [Id] uniqueidentifier NOT NULL,
        [ContractId] uniqueidentifier NOT NULL,
        [Quarter] nvarchar(6) NOT NULL,
        [Satisfaction] int NOT NULL,
        [WouldRecommend] bit NOT NULL,
        [Improve] nvarchar(300) NULL,
        [DeviceKey] nvarchar(64) NOT NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_Feedback] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE TABLE [Needs] (
        [Id] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [UnionPath] nvarchar(200) NOT NULL,
        [AuthorId] uniqueidentifier NOT NULL,
        [Category] nvarchar(20) NOT NULL,
        [Title] nvarchar(60) NOT NULL,
        [Text] nvarchar(1000) NOT NULL,
        [ForWhom] nvarchar(100) NOT NULL,
        [People] int NOT NULL,
        [Groups] nvarchar(max) NOT NULL,
        [Status] int NOT NULL,
        [PostedAt] datetimeoffset NOT NULL,
        [DecidedAt] datetimeoffset NULL,
        [MergedIntoId] uniqueidentifier NULL,
        [Answer] nvarchar(500) NULL,
        [AnsweredAt] datetimeoffset NULL,
        [ProjectId] uniqueidentifier NULL,
        [Supports] int NOT NULL,
        [Version] bigint NOT NULL,
        CONSTRAINT [PK_Needs] PRIMARY KEY ([Id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE TABLE [NeedSupports] (
        [NeedId] uniqueidentifier NOT NULL,
        [UserId] uniqueidentifier NOT NULL,
        [Comment] nvarchar(200) NULL,
        [At] datetimeoffset NOT NULL,
        CONSTRAINT [PK_NeedSupports] PRIMARY KEY ([NeedId], [UserId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE TABLE [WorkerProfiles] (
        [UserId] uniqueidentifier NOT NULL,
        [UnionId] uniqueidentifier NOT NULL,
        [Groups] nvarchar(max) NOT NULL,
        CONSTRAINT [PK_WorkerProfiles] PRIMARY KEY ([UserId])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Feedback_ContractId_DeviceKey_At] ON [Feedback] ([ContractId], [DeviceKey], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Feedback_ContractId_Quarter] ON [Feedback] ([ContractId], [Quarter]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Needs_AuthorId] ON [Needs] ([AuthorId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Needs_ProjectId] ON [Needs] ([ProjectId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Needs_Supports_PostedAt] ON [Needs] ([Supports], [PostedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_Needs_UnionPath_Status] ON [Needs] ([UnionPath], [Status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_NeedSupports_NeedId_At] ON [NeedSupports] ([NeedId], [At]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_NeedSupports_UserId] ON [NeedSupports] ([UserId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    CREATE INDEX [IX_WorkerProfiles_UnionId] ON [WorkerProfiles] ([UnionId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205122239_NeedsAndFeedback'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205122239_NeedsAndFeedback', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205153618_NeedMergeOriginAndUniqueEmail'
)
BEGIN
    DROP INDEX [EmailIndex] ON [AspNetUsers];
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205153618_NeedMergeOriginAndUniqueEmail'
)
BEGIN
    ALTER TABLE [NeedSupports] ADD [MergedFromId] uniqueidentifier NULL;
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205153618_NeedMergeOriginAndUniqueEmail'
)
BEGIN
    CREATE INDEX [IX_NeedSupports_MergedFromId] ON [NeedSupports] ([MergedFromId]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205153618_NeedMergeOriginAndUniqueEmail'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [EmailIndex] ON [AspNetUsers] ([NormalizedEmail]) WHERE [NormalizedEmail] IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205153618_NeedMergeOriginAndUniqueEmail'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205153618_NeedMergeOriginAndUniqueEmail', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205162748_NeedsBoardByCategory'
)
BEGIN
    CREATE INDEX [IX_Needs_Category_Supports_PostedAt] ON [Needs] ([Category], [Supports], [PostedAt]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261205162748_NeedsBoardByCategory'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261205162748_NeedsBoardByCategory', N'10.0.15');
END;

COMMIT;
GO

