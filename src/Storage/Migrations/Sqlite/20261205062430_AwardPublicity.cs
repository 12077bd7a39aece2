using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AwardPublicity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AwardPublicityWorkingDays",
                table: "Unions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Unions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "AwardProposedAt",
                table: "Projects",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Objections",
                table: "Projects",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "OpenObjections",
                table: "Projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "PublicityEndsAt",
                table: "Projects",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AwardPublicityWorkingDays",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Unions");

            migrationBuilder.DropColumn(
                name: "AwardProposedAt",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "Objections",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "OpenObjections",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "PublicityEndsAt",
                table: "Projects");
        }
    }
}
