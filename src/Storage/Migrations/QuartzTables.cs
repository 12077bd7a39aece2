using Microsoft.EntityFrameworkCore.Migrations;

namespace Procurement.Storage.Migrations;

/// <summary>
/// The tables the former scheduler (Quartz.NET) created in the application database. The jobs run on Hangfire now (its
/// own storage), so a migration of each provider drops them, children before the tables their keys point at.
/// </summary>
public static class QuartzTables
{
    public static readonly string[] Names =
    [
        "qrtz_simple_triggers", "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_blob_triggers", "qrtz_fired_triggers",
        "qrtz_triggers", "qrtz_job_details", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_locks",
    ];

    public static void Drop(MigrationBuilder migration)
    {
        foreach (var table in Names) migration.Sql($"DROP TABLE IF EXISTS {table};");
    }
}
