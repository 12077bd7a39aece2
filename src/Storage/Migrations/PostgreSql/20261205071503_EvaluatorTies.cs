using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EvaluatorProfiles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "EvaluatorTies",
                columns: table => new
                {
                    EvaluatorId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Nature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DeclaredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
