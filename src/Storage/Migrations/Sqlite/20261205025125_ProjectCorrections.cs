using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ProjectCorrections : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before amendments existed have none: an empty JSON array (EF Core would default a collection to "{}").
            migrationBuilder.AddColumn<string>(
                name: "Amendments",
                table: "Projects",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "CancelReason",
                table: "Projects",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelledAt",
                table: "Projects",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Amendments",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "CancelReason",
                table: "Projects");

            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Projects");
        }
    }
}
