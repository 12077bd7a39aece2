using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EvaluatorTies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EvaluatorProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluatorProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvaluatorTies",
                columns: table => new
                {
                    EvaluatorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Nature = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DeclaredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluatorTies", x => new { x.EvaluatorId, x.OrganizationId });
                    table.ForeignKey(
                        name: "FK_EvaluatorTies_EvaluatorProfiles_EvaluatorId",
                        column: x => x.EvaluatorId,
                        principalTable: "EvaluatorProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EvaluatorTies_OrganizationId",
                table: "EvaluatorTies",
                column: "OrganizationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EvaluatorTies");

            migrationBuilder.DropTable(
                name: "EvaluatorProfiles");
        }
    }
}
