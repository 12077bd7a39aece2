using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ContractId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Quarter = table.Column<string>(type: "TEXT", maxLength: 6, nullable: false),
                    Satisfaction = table.Column<int>(type: "INTEGER", nullable: false),
                    WouldRecommend = table.Column<bool>(type: "INTEGER", nullable: false),
                    Improve = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    DeviceKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Needs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionPath = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ForWhom = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    People = table.Column<int>(type: "INTEGER", nullable: false),
                    Groups = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    AnsweredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Supports = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Needs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NeedSupports",
                columns: table => new
                {
                    NeedId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedSupports", x => new { x.NeedId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "WorkerProfiles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Groups = table.Column<string>(type: "TEXT", nullable: false)
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
