using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Procurement.Storage.Migrations.PostgreSql
{
    /// <summary>Jobs moved to Hangfire: the former scheduler's tables go (the model is unchanged).</summary>
    [DbContext(typeof(PostgresProcurementDb))]
    [Migration("20261202120001_DropQuartzTables")]
    public partial class DropQuartzTables : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => QuartzTables.Drop(migrationBuilder);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to put back: the scheduler that used these tables is gone.
        }
    }
}
