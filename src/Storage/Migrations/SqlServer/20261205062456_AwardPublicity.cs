using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.SqlServer
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
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Unions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AwardProposedAt",
                table: "Projects",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Objections",
                table: "Projects",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<int>(
                name: "OpenObjections",
                table: "Projects",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PublicityEndsAt",
                table: "Projects",
                type: "datetimeoffset",
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
