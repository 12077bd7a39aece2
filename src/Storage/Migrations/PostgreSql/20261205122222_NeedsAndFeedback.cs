using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class NeedsAndFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ContractId = table.Column<Guid>(type: "uuid", nullable: false),
                    Quarter = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false),
                    Satisfaction = table.Column<int>(type: "integer", nullable: false),
                    WouldRecommend = table.Column<bool>(type: "boolean", nullable: false),
                    Improve = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    DeviceKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Needs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnionId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnionPath = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    ForWhom = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    People = table.Column<int>(type: "integer", nullable: false),
                    Groups = table.Column<List<string>>(type: "text[]", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "uuid", nullable: true),
                    Answer = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    Supports = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Needs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NeedSupports",
                columns: table => new
                {
                    NeedId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Comment = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedSupports", x => new { x.NeedId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "WorkerProfiles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Groups = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkerProfiles", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Feedback_ContractId_DeviceKey_At",
                table: "Feedback",
                columns: new[] { "ContractId", "DeviceKey", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Feedback_ContractId_Quarter",
                table: "Feedback",
                columns: new[] { "ContractId", "Quarter" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_AuthorId",
                table: "Needs",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_ProjectId",
                table: "Needs",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_Needs_Supports_PostedAt",
                table: "Needs",
                columns: new[] { "Supports", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Needs_UnionPath_Status",
                table: "Needs",
                columns: new[] { "UnionPath", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_NeedSupports_NeedId_At",
                table: "NeedSupports",
                columns: new[] { "NeedId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_NeedSupports_UserId",
                table: "NeedSupports",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_WorkerProfiles_UnionId",
                table: "WorkerProfiles",
                column: "UnionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Feedback");

            migrationBuilder.DropTable(
                name: "Needs");

            migrationBuilder.DropTable(
                name: "NeedSupports");

            migrationBuilder.DropTable(
                name: "WorkerProfiles");
        }
    }
}
