using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.SqlServer
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ContractId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Quarter = table.Column<string>(type: "nvarchar(6)", maxLength: 6, nullable: false),
                    Satisfaction = table.Column<int>(type: "int", nullable: false),
                    WouldRecommend = table.Column<bool>(type: "bit", nullable: false),
                    Improve = table.Column<string>(type: "nvarchar(300)", maxLength: 300, nullable: true),
                    DeviceKey = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Feedback", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Needs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnionPath = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    AuthorId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Category = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Title = table.Column<string>(type: "nvarchar(60)", maxLength: 60, nullable: false),
                    Text = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    ForWhom = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    People = table.Column<int>(type: "int", nullable: false),
                    Groups = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Status = table.Column<int>(type: "int", nullable: false),
                    PostedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    MergedIntoId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Answer = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ProjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    Supports = table.Column<int>(type: "int", nullable: false),
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
                    NeedId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Comment = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NeedSupports", x => new { x.NeedId, x.UserId });
                });

            migrationBuilder.CreateTable(
                name: "WorkerProfiles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    UnionId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Groups = table.Column<string>(type: "nvarchar(max)", nullable: false)
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
