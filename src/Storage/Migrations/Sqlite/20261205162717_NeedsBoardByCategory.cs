using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NeedsBoardByCategory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Needs_Category_Supports_PostedAt",
                table: "Needs",
                columns: new[] { "Category", "Supports", "PostedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Needs_Category_Supports_PostedAt",
                table: "Needs");
        }
    }
}
