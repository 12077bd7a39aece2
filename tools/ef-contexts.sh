# Shared by tools/ef-migrations.sh and tools/sql-scripts.sh: the provider contexts, their migration folders and scripts.
# shellcheck shell=bash
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

harness="tools/EfDesign"
project="src/Storage"
contexts=(SqliteProcurementDb PostgresProcurementDb SqlServerProcurementDb)
declare -A outdir=(
  [SqliteProcurementDb]="Migrations/Sqlite"
  [PostgresProcurementDb]="Migrations/PostgreSql"
  [SqlServerProcurementDb]="Migrations/SqlServer"
)
declare -A script=(
  [SqliteProcurementDb]="deploy/sql/sqlite.sql"
  [PostgresProcurementDb]="deploy/sql/postgresql.sql"
  [SqlServerProcurementDb]="deploy/sql/sqlserver.sql"
)

# dotnet-ef from the local tool manifest (.config/dotnet-tools.json); `dotnet ef` reads project metadata before it
# builds, so the harness is restored first.
dotnet tool restore >/dev/null
dotnet restore "$harness" --nologo -v quiet
