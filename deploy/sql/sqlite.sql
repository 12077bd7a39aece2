CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "Activities" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Activities" PRIMARY KEY,
    "At" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "OrganizationId" TEXT NULL,
    "ProjectId" TEXT NULL,
    "ContractId" TEXT NULL,
    "Title" TEXT NOT NULL,
    "IsPublic" INTEGER NOT NULL
);

CREATE TABLE "AspNetRoles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetRoles" PRIMARY KEY,
    "Name" TEXT NULL,
    "NormalizedName" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL
);

CREATE TABLE "AspNetUsers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_AspNetUsers" PRIMARY KEY,
    "DisplayName" TEXT NOT NULL,
    "UnionId" TEXT NULL,
    "OrganizationId" TEXT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);

CREATE TABLE "AuditTrail" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditTrail" PRIMARY KEY AUTOINCREMENT,
    "AggregateId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "ActorId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "Data" TEXT NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);

CREATE TABLE "Brands" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Brands" PRIMARY KEY,
    "UnionId" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Description" TEXT NOT NULL
);

CREATE TABLE "Contracts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Contracts" PRIMARY KEY,
    "ProjectId" TEXT NOT NULL,
    "BidId" TEXT NOT NULL,
    "UnionId" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "AmountFen" INTEGER NOT NULL,
    "PaidFen" INTEGER NOT NULL,
    "TargetBeneficiaries" INTEGER NOT NULL,
    "TargetSessions" INTEGER NOT NULL,
    "BeneficiariesServed" INTEGER NOT NULL,
    "SessionsHeld" INTEGER NOT NULL,
    "PeriodStart" TEXT NOT NULL,
    "PeriodEnd" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "SignedAt" INTEGER NOT NULL,
    "ExpenditureFen" INTEGER NOT NULL,
    "ConsecutiveFails" INTEGER NOT NULL,
    "TerminationRecommended" INTEGER NOT NULL,
    "RectificationReport" TEXT NULL,
    "RectificationSubmittedAt" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "DataProtectionKeys" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_DataProtectionKeys" PRIMARY KEY AUTOINCREMENT,
    "FriendlyName" TEXT NULL,
    "Xml" TEXT NOT NULL
);

CREATE TABLE "JobRuns" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_JobRuns" PRIMARY KEY AUTOINCREMENT,
    "JobName" TEXT NOT NULL,
    "Node" TEXT NOT NULL,
    "StartedAt" INTEGER NOT NULL,
    "FinishedAt" INTEGER NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    "Summary" TEXT NOT NULL
);

CREATE TABLE "Notifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "DedupKey" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Link" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL
);

CREATE TABLE "Organizations" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Organizations" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Uscc" TEXT NULL,
    "RegionCode" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "ServiceDomains" TEXT NOT NULL,
    "ServiceRegions" TEXT NOT NULL,
    "CertifiedSocialWorkers" INTEGER NOT NULL,
    "Volunteers" INTEGER NOT NULL,
    "ContactName" TEXT NOT NULL,
    "ContactPhone" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "ApprovedByUnionId" TEXT NULL,
    "RegisteredAt" INTEGER NOT NULL,
    "ApprovedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "Outbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "AggregateId" TEXT NOT NULL,
    "OccurredAt" INTEGER NOT NULL,
    "SentAt" INTEGER NULL,
    "LockedUntil" INTEGER NULL,
    "LockToken" TEXT NULL
);

CREATE TABLE "ProcessedMessages" (
    "Consumer" TEXT NOT NULL,
    "MessageId" TEXT NOT NULL,
    "ProcessedAt" INTEGER NOT NULL,
    "Result" TEXT NULL,
    CONSTRAINT "PK_ProcessedMessages" PRIMARY KEY ("Consumer", "MessageId")
);

CREATE TABLE "Projects" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Projects" PRIMARY KEY,
    "UnionId" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "BrandId" TEXT NULL,
    "Category" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "TargetGroups" TEXT NOT NULL,
    "ServiceRegions" TEXT NOT NULL,
    "BudgetFen" INTEGER NOT NULL,
    "ProvincialFundingFen" INTEGER NOT NULL,
    "LocalFundingFen" INTEGER NOT NULL,
    "OtherFundingFen" INTEGER NOT NULL,
    "TargetBeneficiaries" INTEGER NOT NULL,
    "TargetSessions" INTEGER NOT NULL,
    "RegisteredOnly" INTEGER NOT NULL,
    "MinCertifiedSocialWorkers" INTEGER NOT NULL,
    "BidOpensAt" INTEGER NOT NULL,
    "BidClosesAt" INTEGER NOT NULL,
    "ServiceStart" TEXT NOT NULL,
    "ServiceEnd" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "BidCount" INTEGER NOT NULL,
    "AwardedBidId" TEXT NULL,
    "ContractId" TEXT NULL,
    "AwardReason" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    "ClosedAt" INTEGER NULL,
    "Version" INTEGER NOT NULL,
    "Criteria" TEXT NULL
);

CREATE TABLE "Unions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Unions" PRIMARY KEY,
    "Name" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "Level" INTEGER NOT NULL,
    "ParentId" TEXT NULL,
    "RegionCode" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "ReviewWeights" TEXT NULL
);

CREATE TABLE "AspNetRoleClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetRoleClaims" PRIMARY KEY AUTOINCREMENT,
    "RoleId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetRoleClaims_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AspNetUserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_AspNetUserClaims_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_AspNetUserLogins_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserRoles" (
    "UserId" TEXT NOT NULL,
    "RoleId" TEXT NOT NULL,
    CONSTRAINT "PK_AspNetUserRoles" PRIMARY KEY ("UserId", "RoleId"),
    CONSTRAINT "FK_AspNetUserRoles_AspNetRoles_RoleId" FOREIGN KEY ("RoleId") REFERENCES "AspNetRoles" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_AspNetUserRoles_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "AspNetUserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_AspNetUserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_AspNetUserTokens_AspNetUsers_UserId" FOREIGN KEY ("UserId") REFERENCES "AspNetUsers" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Milestones" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Milestones" PRIMARY KEY,
    "ContractId" TEXT NOT NULL,
    "Sequence" INTEGER NOT NULL,
    "Deliverable" TEXT NOT NULL,
    "DueDate" TEXT NOT NULL,
    "SharePercent" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "ReportedAt" INTEGER NULL,
    "VerifiedAt" INTEGER NULL,
    "ReportedBeneficiaries" INTEGER NOT NULL,
    "ReportedSessions" INTEGER NOT NULL,
    "ReportedExpenditureFen" INTEGER NOT NULL,
    "Narrative" TEXT NOT NULL,
    "RejectionReason" TEXT NULL,
    "PaidFen" INTEGER NOT NULL,
    CONSTRAINT "FK_Milestones_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "QuarterlyReviews" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_QuarterlyReviews" PRIMARY KEY,
    "ContractId" TEXT NOT NULL,
    "Quarter" TEXT NOT NULL,
    "OpenedAt" INTEGER NOT NULL,
    "DueAt" INTEGER NOT NULL,
    "Status" INTEGER NOT NULL,
    "Weights" TEXT NOT NULL,
    "ScoreCentipoints" INTEGER NULL,
    "Grade" INTEGER NULL,
    "CompletedAt" INTEGER NULL,
    CONSTRAINT "FK_QuarterlyReviews_Contracts_ContractId" FOREIGN KEY ("ContractId") REFERENCES "Contracts" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Bids" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Bids" PRIMARY KEY,
    "ProjectId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "Plan" TEXT NOT NULL,
    "AmountFen" INTEGER NOT NULL,
    "TargetBeneficiaries" INTEGER NOT NULL,
    "TargetSessions" INTEGER NOT NULL,
    "Team" TEXT NOT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "BudgetLines" TEXT NULL,
    "Milestones" TEXT NULL,
    CONSTRAINT "FK_Bids_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "EvaluatorAssignments" (
    "ProjectId" TEXT NOT NULL,
    "EvaluatorId" TEXT NOT NULL,
    "AssignedAt" INTEGER NOT NULL,
    "DeclaredNoConflictAt" INTEGER NULL,
    "ConflictDeclared" INTEGER NOT NULL,
    CONSTRAINT "PK_EvaluatorAssignments" PRIMARY KEY ("ProjectId", "EvaluatorId"),
    CONSTRAINT "FK_EvaluatorAssignments_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

CREATE TABLE "EvidenceFiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvidenceFiles" PRIMARY KEY,
    "MilestoneId" TEXT NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_EvidenceFiles_Milestones_MilestoneId" FOREIGN KEY ("MilestoneId") REFERENCES "Milestones" ("Id") ON DELETE CASCADE
);

CREATE TABLE "ReviewEvaluators" (
    "ReviewId" TEXT NOT NULL,
    "EvaluatorId" TEXT NOT NULL,
    "DeclaredNoConflictAt" INTEGER NULL,
    "ConflictDeclared" INTEGER NOT NULL,
    "Scores" TEXT NOT NULL,
    "TotalCentipoints" INTEGER NULL,
    "ScoredAt" INTEGER NULL,
    CONSTRAINT "PK_ReviewEvaluators" PRIMARY KEY ("ReviewId", "EvaluatorId"),
    CONSTRAINT "FK_ReviewEvaluators_QuarterlyReviews_ReviewId" FOREIGN KEY ("ReviewId") REFERENCES "QuarterlyReviews" ("Id") ON DELETE CASCADE
);

CREATE TABLE "BidScores" (
    "BidId" TEXT NOT NULL,
    "EvaluatorId" TEXT NOT NULL,
    "TotalCentipoints" INTEGER NOT NULL,
    "ScoredAt" INTEGER NOT NULL,
    "Scores" TEXT NULL,
    CONSTRAINT "PK_BidScores" PRIMARY KEY ("BidId", "EvaluatorId"),
    CONSTRAINT "FK_BidScores_Bids_BidId" FOREIGN KEY ("BidId") REFERENCES "Bids" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Activities_OrganizationId_At" ON "Activities" ("OrganizationId", "At");

CREATE INDEX "IX_Activities_UnionPath_At" ON "Activities" ("UnionPath", "At");

CREATE INDEX "IX_AspNetRoleClaims_RoleId" ON "AspNetRoleClaims" ("RoleId");

CREATE UNIQUE INDEX "RoleNameIndex" ON "AspNetRoles" ("NormalizedName");

CREATE INDEX "IX_AspNetUserClaims_UserId" ON "AspNetUserClaims" ("UserId");

CREATE INDEX "IX_AspNetUserLogins_UserId" ON "AspNetUserLogins" ("UserId");

CREATE INDEX "IX_AspNetUserRoles_RoleId" ON "AspNetUserRoles" ("RoleId");

CREATE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

CREATE UNIQUE INDEX "UserNameIndex" ON "AspNetUsers" ("NormalizedUserName");

CREATE UNIQUE INDEX "IX_AuditTrail_AggregateId_Sequence" ON "AuditTrail" ("AggregateId", "Sequence");

CREATE INDEX "IX_Bids_OrganizationId" ON "Bids" ("OrganizationId");

CREATE INDEX "IX_Bids_ProjectId_OrganizationId" ON "Bids" ("ProjectId", "OrganizationId");

CREATE INDEX "IX_Brands_UnionId" ON "Brands" ("UnionId");

CREATE INDEX "IX_Contracts_OrganizationId_Status" ON "Contracts" ("OrganizationId", "Status");

CREATE UNIQUE INDEX "IX_Contracts_ProjectId" ON "Contracts" ("ProjectId");

CREATE INDEX "IX_Contracts_UnionPath_Status" ON "Contracts" ("UnionPath", "Status");

CREATE INDEX "IX_EvaluatorAssignments_EvaluatorId" ON "EvaluatorAssignments" ("EvaluatorId");

CREATE INDEX "IX_EvidenceFiles_MilestoneId" ON "EvidenceFiles" ("MilestoneId");

CREATE INDEX "IX_JobRuns_JobName_StartedAt" ON "JobRuns" ("JobName", "StartedAt");

CREATE INDEX "IX_Milestones_ContractId" ON "Milestones" ("ContractId");

CREATE INDEX "IX_Milestones_Status_DueDate" ON "Milestones" ("Status", "DueDate");

CREATE UNIQUE INDEX "IX_Notifications_DedupKey" ON "Notifications" ("DedupKey");

CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");

CREATE INDEX "IX_Organizations_Status_Name" ON "Organizations" ("Status", "Name");

CREATE UNIQUE INDEX "IX_Organizations_Uscc" ON "Organizations" ("Uscc");

CREATE INDEX "IX_Outbox_SentAt_OccurredAt" ON "Outbox" ("SentAt", "OccurredAt");

CREATE INDEX "IX_Projects_BrandId" ON "Projects" ("BrandId");

CREATE INDEX "IX_Projects_Category" ON "Projects" ("Category");

CREATE INDEX "IX_Projects_Status_BidClosesAt" ON "Projects" ("Status", "BidClosesAt");

CREATE INDEX "IX_Projects_UnionPath_Status" ON "Projects" ("UnionPath", "Status");

CREATE UNIQUE INDEX "IX_QuarterlyReviews_ContractId_Quarter" ON "QuarterlyReviews" ("ContractId", "Quarter");

CREATE INDEX "IX_QuarterlyReviews_Status_DueAt" ON "QuarterlyReviews" ("Status", "DueAt");

CREATE INDEX "IX_ReviewEvaluators_EvaluatorId" ON "ReviewEvaluators" ("EvaluatorId");

CREATE INDEX "IX_Unions_ParentId" ON "Unions" ("ParentId");

CREATE INDEX "IX_Unions_Path" ON "Unions" ("Path");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261122081800_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "ef_temp_Projects" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Projects" PRIMARY KEY,
    "AwardReason" TEXT NULL,
    "AwardedBidId" TEXT NULL,
    "BidClosesAt" INTEGER NOT NULL,
    "BidCount" INTEGER NOT NULL,
    "BidOpensAt" INTEGER NOT NULL,
    "BrandId" TEXT NULL,
    "BudgetFen" INTEGER NOT NULL,
    "Category" TEXT NOT NULL,
    "ClosedAt" INTEGER NULL,
    "ContractId" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "Criteria" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "LocalFundingFen" INTEGER NOT NULL,
    "MinCertifiedSocialWorkers" INTEGER NOT NULL,
    "OtherFundingFen" INTEGER NOT NULL,
    "ProvincialFundingFen" INTEGER NOT NULL,
    "PublishedAt" INTEGER NULL,
    "RegisteredOnly" INTEGER NOT NULL,
    "ServiceEnd" TEXT NOT NULL,
    "ServiceRegions" TEXT NOT NULL,
    "ServiceStart" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "TargetBeneficiaries" INTEGER NOT NULL,
    "TargetGroups" TEXT NOT NULL,
    "TargetSessions" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "UnionId" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "Version" INTEGER NOT NULL
);

INSERT INTO "ef_temp_Projects" ("Id", "AwardReason", "AwardedBidId", "BidClosesAt", "BidCount", "BidOpensAt", "BrandId", "BudgetFen", "Category", "ClosedAt", "ContractId", "CreatedAt", "CreatedBy", "Criteria", "Description", "LocalFundingFen", "MinCertifiedSocialWorkers", "OtherFundingFen", "ProvincialFundingFen", "PublishedAt", "RegisteredOnly", "ServiceEnd", "ServiceRegions", "ServiceStart", "Status", "TargetBeneficiaries", "TargetGroups", "TargetSessions", "Title", "UnionId", "UnionPath", "Version")
SELECT "Id", "AwardReason", "AwardedBidId", "BidClosesAt", "BidCount", "BidOpensAt", "BrandId", "BudgetFen", "Category", "ClosedAt", "ContractId", "CreatedAt", "CreatedBy", IFNULL("Criteria", '[]'), "Description", "LocalFundingFen", "MinCertifiedSocialWorkers", "OtherFundingFen", "ProvincialFundingFen", "PublishedAt", "RegisteredOnly", "ServiceEnd", "ServiceRegions", "ServiceStart", "Status", "TargetBeneficiaries", "TargetGroups", "TargetSessions", "Title", "UnionId", "UnionPath", "Version"
FROM "Projects";

CREATE TABLE "ef_temp_BidScores" (
    "BidId" TEXT NOT NULL,
    "EvaluatorId" TEXT NOT NULL,
    "ScoredAt" INTEGER NOT NULL,
    "Scores" TEXT NOT NULL,
    "TotalCentipoints" INTEGER NOT NULL,
    CONSTRAINT "PK_BidScores" PRIMARY KEY ("BidId", "EvaluatorId"),
    CONSTRAINT "FK_BidScores_Bids_BidId" FOREIGN KEY ("BidId") REFERENCES "Bids" ("Id") ON DELETE CASCADE
);

INSERT INTO "ef_temp_BidScores" ("BidId", "EvaluatorId", "ScoredAt", "Scores", "TotalCentipoints")
SELECT "BidId", "EvaluatorId", "ScoredAt", IFNULL("Scores", '[]'), "TotalCentipoints"
FROM "BidScores";

CREATE TABLE "ef_temp_Bids" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Bids" PRIMARY KEY,
    "AmountFen" INTEGER NOT NULL,
    "BudgetLines" TEXT NOT NULL,
    "Milestones" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Plan" TEXT NOT NULL,
    "ProjectId" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "TargetBeneficiaries" INTEGER NOT NULL,
    "TargetSessions" INTEGER NOT NULL,
    "Team" TEXT NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_Bids_Projects_ProjectId" FOREIGN KEY ("ProjectId") REFERENCES "Projects" ("Id") ON DELETE CASCADE
);

INSERT INTO "ef_temp_Bids" ("Id", "AmountFen", "BudgetLines", "Milestones", "OrganizationId", "Plan", "ProjectId", "Status", "SubmittedAt", "TargetBeneficiaries", "TargetSessions", "Team", "UpdatedAt")
SELECT "Id", "AmountFen", IFNULL("BudgetLines", '[]'), IFNULL("Milestones", '[]'), "OrganizationId", "Plan", "ProjectId", "Status", "SubmittedAt", "TargetBeneficiaries", "TargetSessions", "Team", "UpdatedAt"
FROM "Bids";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "Projects";

ALTER TABLE "ef_temp_Projects" RENAME TO "Projects";

DROP TABLE "BidScores";

ALTER TABLE "ef_temp_BidScores" RENAME TO "BidScores";

DROP TABLE "Bids";

ALTER TABLE "ef_temp_Bids" RENAME TO "Bids";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "IX_Projects_BrandId" ON "Projects" ("BrandId");

CREATE INDEX "IX_Projects_Category" ON "Projects" ("Category");

CREATE INDEX "IX_Projects_Status_BidClosesAt" ON "Projects" ("Status", "BidClosesAt");

CREATE INDEX "IX_Projects_UnionPath_Status" ON "Projects" ("UnionPath", "Status");

CREATE INDEX "IX_Bids_OrganizationId" ON "Bids" ("OrganizationId");

CREATE INDEX "IX_Bids_ProjectId_OrganizationId" ON "Bids" ("ProjectId", "OrganizationId");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202080110_ComplexJsonCollections', '10.0.15');

BEGIN TRANSACTION;
DROP TABLE IF EXISTS qrtz_simple_triggers;

DROP TABLE IF EXISTS qrtz_simprop_triggers;

DROP TABLE IF EXISTS qrtz_cron_triggers;

DROP TABLE IF EXISTS qrtz_blob_triggers;

DROP TABLE IF EXISTS qrtz_fired_triggers;

DROP TABLE IF EXISTS qrtz_triggers;

DROP TABLE IF EXISTS qrtz_job_details;

DROP TABLE IF EXISTS qrtz_calendars;

DROP TABLE IF EXISTS qrtz_paused_trigger_grps;

DROP TABLE IF EXISTS qrtz_scheduler_state;

DROP TABLE IF EXISTS qrtz_locks;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261202120000_DropQuartzTables', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "NoticeSettings" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_NoticeSettings" PRIMARY KEY,
    "EmailOff" TEXT NOT NULL,
    "WatchProjects" INTEGER NOT NULL,
    "WatchCategories" TEXT NOT NULL,
    "WatchRegions" TEXT NOT NULL
);

CREATE INDEX "IX_Notifications_UserId_ReadAt" ON "Notifications" ("UserId", "ReadAt");

CREATE INDEX "IX_NoticeSettings_WatchProjects" ON "NoticeSettings" ("WatchProjects");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205021641_NoticeSettings', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Organizations" ADD "RejectedAt" INTEGER NULL;

ALTER TABLE "Organizations" ADD "RejectedByUnionId" TEXT NULL;

ALTER TABLE "Organizations" ADD "RejectionReason" TEXT NULL;

CREATE INDEX "IX_Organizations_Status_RegionCode" ON "Organizations" ("Status", "RegionCode");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205023333_OrganizationApplications', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Projects" ADD "Amendments" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "Projects" ADD "CancelReason" TEXT NULL;

ALTER TABLE "Projects" ADD "CancelledAt" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205025125_ProjectCorrections', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "ReviewEvaluators" ADD "Comments" TEXT NOT NULL DEFAULT '[]';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205030132_ReviewComments', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Unions" ADD "AwardPublicityWorkingDays" INTEGER NULL;

ALTER TABLE "Unions" ADD "Version" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Projects" ADD "AwardProposedAt" INTEGER NULL;

ALTER TABLE "Projects" ADD "Objections" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "Projects" ADD "OpenObjections" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Projects" ADD "PublicityEndsAt" INTEGER NULL;

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205062430_AwardPublicity', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "Announcements" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Announcements" PRIMARY KEY,
    "UnionId" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "Kind" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NOT NULL,
    "PublishedBy" TEXT NOT NULL,
    "PublishedAt" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NULL,
    "WithdrawnAt" INTEGER NULL,
    "Version" INTEGER NOT NULL
);

CREATE INDEX "IX_Announcements_UnionPath" ON "Announcements" ("UnionPath");

CREATE INDEX "IX_Announcements_WithdrawnAt_PublishedAt" ON "Announcements" ("WithdrawnAt", "PublishedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205070521_Announcements', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "EvaluatorProfiles" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_EvaluatorProfiles" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "EvaluatorTies" (
    "EvaluatorId" TEXT NOT NULL,
    "OrganizationId" TEXT NOT NULL,
    "Nature" TEXT NOT NULL,
    "DeclaredAt" INTEGER NOT NULL,
    CONSTRAINT "PK_EvaluatorTies" PRIMARY KEY ("EvaluatorId", "OrganizationId"),
    CONSTRAINT "FK_EvaluatorTies_EvaluatorProfiles_EvaluatorId" FOREIGN KEY ("EvaluatorId") REFERENCES "EvaluatorProfiles" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_EvaluatorTies_OrganizationId" ON "EvaluatorTies" ("OrganizationId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205071450_EvaluatorTies', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Projects" ADD "Documents" TEXT NOT NULL DEFAULT '[]';

ALTER TABLE "Bids" ADD "Documents" TEXT NOT NULL DEFAULT '[]';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205073913_Documents', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "Organizations" ADD "Documents" TEXT NOT NULL DEFAULT '[]';

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205074653_OrganizationDocuments', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "Feedback" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Feedback" PRIMARY KEY,
    "ContractId" TEXT NOT NULL,
    "Quarter" TEXT NOT NULL,
    "Satisfaction" INTEGER NOT NULL,
    "WouldRecommend" INTEGER NOT NULL,
    "Improve" TEXT NULL,
    "DeviceKey" TEXT NOT NULL,
    "At" INTEGER NOT NULL
);

CREATE TABLE "Needs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Needs" PRIMARY KEY,
    "UnionId" TEXT NOT NULL,
    "UnionPath" TEXT NOT NULL,
    "AuthorId" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Text" TEXT NOT NULL,
    "ForWhom" TEXT NOT NULL,
    "People" INTEGER NOT NULL,
    "Groups" TEXT NOT NULL,
    "Status" INTEGER NOT NULL,
    "PostedAt" INTEGER NOT NULL,
    "DecidedAt" INTEGER NULL,
    "MergedIntoId" TEXT NULL,
    "Answer" TEXT NULL,
    "AnsweredAt" INTEGER NULL,
    "ProjectId" TEXT NULL,
    "Supports" INTEGER NOT NULL,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "NeedSupports" (
    "NeedId" TEXT NOT NULL,
    "UserId" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "At" INTEGER NOT NULL,
    CONSTRAINT "PK_NeedSupports" PRIMARY KEY ("NeedId", "UserId")
);

CREATE TABLE "WorkerProfiles" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_WorkerProfiles" PRIMARY KEY,
    "UnionId" TEXT NOT NULL,
    "Groups" TEXT NOT NULL
);

CREATE INDEX "IX_Feedback_ContractId_DeviceKey_At" ON "Feedback" ("ContractId", "DeviceKey", "At");

CREATE INDEX "IX_Feedback_ContractId_Quarter" ON "Feedback" ("ContractId", "Quarter");

CREATE INDEX "IX_Needs_AuthorId" ON "Needs" ("AuthorId");

CREATE INDEX "IX_Needs_ProjectId" ON "Needs" ("ProjectId");

CREATE INDEX "IX_Needs_Supports_PostedAt" ON "Needs" ("Supports", "PostedAt");

CREATE INDEX "IX_Needs_UnionPath_Status" ON "Needs" ("UnionPath", "Status");

CREATE INDEX "IX_NeedSupports_NeedId_At" ON "NeedSupports" ("NeedId", "At");

CREATE INDEX "IX_NeedSupports_UserId" ON "NeedSupports" ("UserId");

CREATE INDEX "IX_WorkerProfiles_UnionId" ON "WorkerProfiles" ("UnionId");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205122204_NeedsAndFeedback', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "EmailIndex";

ALTER TABLE "NeedSupports" ADD "MergedFromId" TEXT NULL;

CREATE INDEX "IX_NeedSupports_MergedFromId" ON "NeedSupports" ("MergedFromId");

CREATE UNIQUE INDEX "EmailIndex" ON "AspNetUsers" ("NormalizedEmail");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205153547_NeedMergeOriginAndUniqueEmail', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "IX_Needs_Category_Supports_PostedAt" ON "Needs" ("Category", "Supports", "PostedAt");

INSERT INTO "__EFMigrationsHistory" ("MigrationId", "ProductVersion")
VALUES ('20261205162717_NeedsBoardByCategory', '10.0.15');

COMMIT;

