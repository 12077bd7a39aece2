#!/usr/bin/env bash
# Regenerate deploy/sql/*.sql from the committed migrations, for a database administrator to apply by hand
# (docs/operations.md). PostgreSQL and SQL Server get idempotent scripts (each migration guarded by its history row,
# safe to run again); EF Core cannot write one for SQLite, whose script is the plain one for an empty database.
# Tests fail when the checked-in scripts differ from what the migrations produce (MigrationScriptTests).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source tools/ef-contexts.sh

mkdir -p deploy/sql
dotnet build "$harness" --nologo -v quiet
for ctx in "${contexts[@]}"; do
  idempotent=(--idempotent)
  [[ "$ctx" == SqliteProcurementDb ]] && idempotent=()
  echo "==> $ctx -> ${script[$ctx]}"
  dotnet ef migrations script "${idempotent[@]}" --no-build --project "$project" --startup-project "$harness" \
    --context "$ctx" --output "${script[$ctx]}"
done
